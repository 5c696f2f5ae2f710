import type { ConversationReference, TurnContext } from "botbuilder";
import type { Notice } from "../../cards/adaptive-card";
import { invitationCard } from "../../cards/invitation-card";
import { languageFromLocale } from "../../domain/content/language";
import { fill, type UiText } from "../../domain/content/ui-text-schema";
import type { OrganisationContact } from "../../domain/licensing/access";
import { reinviteAfterDays, type InvitationRoundResult } from "../../domain/reminders/invitation-store";
import { logger } from "../../platform/logger";
import { afterCommit } from "../../platform/storage/turn-transaction";
import type { BotServices } from "../../teams/bot-services";
import { sendCard } from "../../teams/send-card";
import { knownUserOf } from "../../teams/turn-facts";

/**
 * One invitation after another, with a pause: each goes to its own conversation, so this keeps the bot
 * far inside Teams' limits for proactive messages per bot and tenant, and each conversation gets one.
 */
const pauseBetweenSendsMs = 250;

type Recipient = { userId: string; tenantId: string; reference: Partial<ConversationReference> };

/**
 * The security officer's invitation: a short card, in each official's own language, to the officials of
 * the officer's organisation the bot can reach and has not invited in the last `reinviteAfterDays` days.
 * Who is invited is recorded in the turn, under the round key the admin card carried, so a second press
 * of the same card, a redelivery or another instance invites nobody twice. The sending runs after the
 * commit, in the background, so a large organisation does not keep the officer's card waiting.
 */
export async function inviteOfficials(
  context: TurnContext,
  services: BotServices,
  ui: UiText,
  organisation: OrganisationContact,
  roundId: string,
): Promise<Notice> {
  const { reachable, unreachable } = await services.incidents.references.officialsOf(
    organisation.id,
    knownUserOf(context).userId,
  );
  const round = await services.invitations.runRound(roundId, organisation.id, reachable, unreachable);
  if (round.toInvite.length > 0) {
    const send = sendInvitations(context, services, organisation.name, roundId, round.toInvite);
    await afterCommit(async () => {
      void send();
    });
  }
  return roundNotice(ui, round);
}

function sendInvitations(
  context: TurnContext,
  services: BotServices,
  organisationName: string,
  roundId: string,
  recipients: Recipient[],
): () => Promise<void> {
  const adapter = context.adapter;
  const botAppId = services.incidents.botAppId ?? "";
  return async () => {
    for (const [index, recipient] of recipients.entries()) {
      if (index > 0) await new Promise((resolve) => setTimeout(resolve, pauseBetweenSendsMs));
      const card = invitationCard(
        services.content.ui(languageFromLocale(recipient.reference.locale)),
        organisationName,
      );
      try {
        await adapter.continueConversationAsync(botAppId, recipient.reference, (official) => sendCard(official, card));
        await services.invitations.delivered(roundId, recipient);
      } catch (error) {
        logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "invitation not sent");
        await services.invitations.notDelivered(roundId, recipient).catch(() => undefined);
      }
    }
  };
}

/** What the officer is told: invited now, invited earlier, and not reachable. */
function roundNotice(ui: UiText, round: InvitationRoundResult<Recipient>): Notice {
  const texts = ui.invitation;
  const days = reinviteAfterDays;
  const already = round.alreadyInvited > 0 ? [fill(texts.alreadyInvited, { count: round.alreadyInvited, days })] : [];
  const notReached = round.unreachable > 0 ? [fill(texts.notReached, { count: round.unreachable })] : [];
  if (round.invited > 0)
    return { text: [fill(texts.sent, { count: round.invited }), ...already, ...notReached].join(" "), tone: "good" };
  const none = already.length > 0 ? texts.noneNew : texts.nobody;
  return { text: [none, ...already, ...notReached].join(" "), tone: "attention" };
}
