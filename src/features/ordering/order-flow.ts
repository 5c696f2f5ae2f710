import type { z } from "zod/v4";
import type { AdaptiveCard } from "../../cards/adaptive-card";
import type { submitOrderAction } from "../../cards/card-actions";
import { noticeCard } from "../../cards/notice-card";
import { orderFormCard, orderReceivedCard } from "../../cards/order-form-card";
import { fill } from "../../domain/content/ui-text-schema";
import type { Licensing } from "../../domain/licensing/licensing";
import { orderFields, validateOrderForm, type OrderField } from "../../domain/licensing/order-form";
import type { TurnView } from "../../teams/turn-view";

/** Ordering from inside Teams, for a workspace without a licence. */
export class OrderFlow {
  constructor(private readonly licensing: Licensing) {}

  /** The form, or why there is none: already licensed, an order already waiting, or no workspace. */
  async formOrReason(turn: TurnView): Promise<AdaptiveCard> {
    const { ui, tenantId } = turn;
    const refusal = this.refusal(turn);
    if (refusal || !tenantId) return refusal ?? noticeCard(ui, ui.access.noTenant);
    const pending = await this.licensing.orders.pendingFor(tenantId);
    if (pending) return noticeCard(ui, fill(ui.order.duplicate, { number: pending.number }));
    return orderFormCard(ui);
  }

  /** The card that replaces the form: the form again with reasons, or the receipt. */
  async submit(turn: TurnView, inputs: z.output<typeof submitOrderAction>): Promise<AdaptiveCard> {
    const { ui, tenantId } = turn;
    const refusal = this.refusal(turn);
    if (refusal || !tenantId) return refusal ?? noticeCard(ui, ui.access.noTenant);

    const { verb: _verb, ...raw } = inputs;
    const validation = validateOrderForm(raw);
    if (!validation.ok) {
      const values = Object.fromEntries(orderFields.map((field) => [field, raw[field] ?? ""])) as Record<
        OrderField,
        string
      >;
      return orderFormCard(ui, { values, errors: validation.errors });
    }
    const result = await this.licensing.orders.place({ tenantId, userId: turn.user.userId }, validation.values);
    if (result.kind === "duplicate") return noticeCard(ui, fill(ui.order.duplicate, { number: result.order.number }));
    return orderReceivedCard(ui, result.order);
  }

  /** A workspace with a licence orders nothing more. */
  private refusal(turn: TurnView): AdaptiveCard | undefined {
    const kind = turn.access?.kind;
    return kind === "granted" || kind === "notGranted" ? noticeCard(turn.ui, turn.ui.order.alreadyLicensed) : undefined;
  }
}
