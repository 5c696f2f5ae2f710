import { ActivityTypes, type TurnContext } from "botbuilder";
import { emergencyAnswerAction, runCommandAction } from "../../cards/card-actions";
import { crisisCard } from "../../cards/crisis-card";
import { emergencyAskCard, emergencyChecklistCard, emergencyDangerCard } from "../../cards/emergency-cards";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import { EmergencyTriggers } from "../../domain/emergency/emergency-triggers";
import type { OrganisationContact } from "../../domain/licensing/access";
import type { LicenceGate } from "../../domain/licensing/licence-gate";
import { logger } from "../../platform/logger";
import { sendCard } from "../../teams/send-card";
import { languageOf, tenantOf, userOf } from "../../teams/turn-facts";

/** The organisation's contact is a bonus: the help never waits longer than this for the database. */
const contactLookupTimeoutMs = 1500;

/**
 * Answers `akut`, the crisis phrases and their buttons before anything else runs: before the licence
 * gate (safety information is never behind a paywall) and before state is loaded (so it works with
 * the database down). Everything it needs is in memory; only the organisation's own contact is looked up.
 */
export class EmergencyResponder {
  private readonly triggers: EmergencyTriggers;

  constructor(
    private readonly content: ContentCatalog,
    private readonly gate: LicenceGate,
  ) {
    this.triggers = new EmergencyTriggers(content);
  }

  async tryRespond(context: TurnContext): Promise<boolean> {
    if (context.activity.type !== ActivityTypes.Message) return false;
    const route = this.triggers.recognise(context.activity.text, languageOf(context));
    if (route?.kind === "crisis") {
      await sendCard(context, crisisCard(this.content.crisis(route.language), route.language));
      return true;
    }
    if (route?.kind === "emergency") {
      await sendCard(context, emergencyAskCard(this.content.emergency(route.language), route.language));
      return true;
    }
    // Every message passes here: the verb first, so the schemas parse only their own buttons' values (a
    // failed parse builds its issues, which costs more than the rest of this step).
    const verb = (context.activity.value as { verb?: unknown } | null | undefined)?.verb;
    const button = verb === "runCommand" ? runCommandAction.safeParse(context.activity.value) : undefined;
    if (button?.success && button.data.command === "emergency") {
      const language = button.data.language ?? languageOf(context);
      await sendCard(context, emergencyAskCard(this.content.emergency(language), language));
      return true;
    }
    if (verb !== "emergencyAnswer") return false;
    const answer = emergencyAnswerAction.safeParse(context.activity.value);
    if (!answer.success) return false;
    const help = this.content.emergency(answer.data.language);
    if (answer.data.inDanger) {
      await sendCard(context, emergencyDangerCard(help));
    } else {
      await sendCard(
        context,
        emergencyChecklistCard(help, answer.data.language, await this.organisationContact(context)),
      );
    }
    return true;
  }

  private async organisationContact(context: TurnContext): Promise<OrganisationContact | undefined> {
    const user = userOf(context);
    if (!user) return undefined;
    const lookup = this.gate
      .accessFor(tenantOf(context), user.userId)
      .then((access) =>
        access.kind === "granted"
          ? access.organisation
          : access.kind === "notGranted"
            ? access.organisations[0]
            : undefined,
      );
    const timeout = new Promise<undefined>((resolve) =>
      setTimeout(() => resolve(undefined), contactLookupTimeoutMs).unref(),
    );
    return Promise.race([lookup, timeout]).catch((error: Error) => {
      logger.warn(
        { err: { name: error.name, message: error.message } },
        "emergency help without the organisation's contact",
      );
      return undefined;
    });
  }
}
