import type { TurnContext } from "botbuilder";
import type { AdaptiveCard } from "../../cards/adaptive-card";
import { submitOrderInputs } from "../../cards/card-actions";
import { noticeCard } from "../../cards/notice-card";
import { orderFormCard, orderReceivedCard } from "../../cards/order-form-card";
import { fill } from "../../domain/content/ui-text-schema";
import { orderFields, validateOrderForm, type OrderField } from "../../domain/licensing/order-form";
import { accessOf } from "../../teams/access-check";
import type { BotServices } from "../../teams/bot-services";
import { knownUserOf, languageOf, tenantOf } from "../../teams/turn-facts";

/** Ordering from inside Teams, for a workspace without a licence. */
export class OrderFlow {
  constructor(private readonly services: BotServices) {}

  /** The form, or why there is none: already licensed, an order already waiting, or no workspace. */
  async formOrReason(context: TurnContext): Promise<AdaptiveCard> {
    const ui = this.services.content.ui(languageOf(context));
    const tenantId = tenantOf(context);
    if (accessOf(context)?.kind === "granted" || accessOf(context)?.kind === "notGranted")
      return noticeCard(ui, ui.order.alreadyLicensed);
    if (!tenantId) return noticeCard(ui, ui.access.noTenant);
    const pending = await this.services.licensing.orders.pendingFor(tenantId);
    if (pending) return noticeCard(ui, fill(ui.order.duplicate, { number: pending.number }));
    return orderFormCard(ui);
  }

  /** The card that replaces the form: the form again with reasons, or the receipt. */
  async submit(context: TurnContext, data: unknown): Promise<AdaptiveCard> {
    const ui = this.services.content.ui(languageOf(context));
    const tenantId = tenantOf(context);
    if (accessOf(context)?.kind === "granted" || accessOf(context)?.kind === "notGranted")
      return noticeCard(ui, ui.order.alreadyLicensed);
    if (!tenantId) return noticeCard(ui, ui.access.noTenant);

    const inputs = submitOrderInputs.safeParse(data);
    const raw = inputs.success ? inputs.data : {};
    const validation = validateOrderForm(raw);
    if (!validation.ok) {
      const values = Object.fromEntries(orderFields.map((field) => [field, raw[field] ?? ""])) as Record<
        OrderField,
        string
      >;
      return orderFormCard(ui, { values, errors: validation.errors });
    }
    const result = await this.services.licensing.orders.place(
      { tenantId, userId: knownUserOf(context).userId },
      validation.values,
    );
    if (result.kind === "duplicate") return noticeCard(ui, fill(ui.order.duplicate, { number: result.order.number }));
    return orderReceivedCard(ui, result.order);
  }
}
