import type { Notice } from "../../cards/adaptive-card";
import { invitationCard } from "../../cards/invitation-card";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import { languageFromLocale } from "../../domain/content/language";
import { fill } from "../../domain/content/ui-text-schema";
import type { OrganisationContact } from "../../domain/licensing/access";
import { logger } from "../../platform/logger";
import { afterCommit } from "../../platform/storage/turn-transaction";
import type { ConversationReferences } from "../../teams/conversation-references";
import { sendCard } from "../../teams/send-card";
import type { TurnView } from "../../teams/turn-view";

export interface InvitationServices {
  content: ContentCatalog;
  references: ConversationReferences;
  /** The bot's app id, for proactive messages; empty in anonymous development. */
  botAppId?: string;
}

/** One invitation after another, with a pause: well inside Teams' limits for a bot's proactive messages. */
const pauseBetweenSendsMs = 250;

/**
 * The security officer's invitation: a short card, in each official's own language, to the officials of
 * the officer's organisation the bot can reach. The officer is told at once how many it goes to and how
 * many could not be reached; the sending runs after the turn has committed, in the background, so a large
 * organisation does not keep the officer's card waiting.
 */
export async function inviteOfficials(
  turn: TurnView,
  services: InvitationServices,
  organisation: OrganisationContact,
): Promise<Notice> {
  const { ui } = turn;
  const { reachable, unreachable } = await services.references.officialsOf(organisation.id, turn.user.userId);
  const notReached = unreachable > 0 ? ` ${fill(ui.invitation.notReached, { count: unreachable })}` : "";
  if (reachable.length === 0) return { text: `${ui.invitation.nobody}${notReached}`, tone: "attention" };

  const adapter = turn.context.adapter;
  const botAppId = services.botAppId ?? "";
  const sendAll = async () => {
    for (const [index, recipient] of reachable.entries()) {
      if (index > 0) await new Promise((resolve) => setTimeout(resolve, pauseBetweenSendsMs));
      const card = invitationCard(
        services.content.ui(languageFromLocale(recipient.reference.locale)),
        organisation.name,
      );
      try {
        await adapter.continueConversationAsync(botAppId, recipient.reference, (official) => sendCard(official, card));
      } catch (error) {
        logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "invitation not sent");
      }
    }
  };
  await afterCommit(async () => {
    void sendAll();
  });
  return { text: `${fill(ui.invitation.sent, { count: reachable.length })}${notReached}`, tone: "good" };
}
