import type { BotAdapter, ConversationReference } from "botbuilder";
import type { Notice } from "../../cards/adaptive-card";
import { invitationCard } from "../../cards/invitation-card";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import { languageFromLocale } from "../../domain/content/language";
import { fill, type UiText } from "../../domain/content/ui-text-schema";
import type { OrganisationContact } from "../../domain/licensing/access";
import type { LicenceGate } from "../../domain/licensing/licence-gate";
import type { DeliveryOutcome } from "../../domain/reminders/delivery-schedule";
import {
  reinviteAfterDays,
  type ClaimedInvitation,
  type InvitationRoundResult,
  type InvitationStore,
} from "../../domain/reminders/invitation-store";
import { logger } from "../../platform/logger";
import { afterCommit } from "../../platform/storage/turn-transaction";
import type { ConversationReferences } from "../../teams/conversation-references";
import { sendCard } from "../../teams/send-card";
import type { TurnView } from "../../teams/turn-view";

export interface InvitationServices {
  content: ContentCatalog;
  references: ConversationReferences;
  /** Who was invited in which round, so nobody is invited twice (src/domain/reminders/invitation-store.ts). */
  rounds: InvitationStore;
  /** The bot's app id, for proactive messages; empty in anonymous development. */
  botAppId?: string;
}

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
 * commit, in the background, so a large organisation does not keep the officer's card waiting; what it
 * does not get to send (the instance stopped) the delivery schedule's resend sends (`invitationResend`).
 */
export async function inviteOfficials(
  turn: TurnView,
  services: InvitationServices,
  organisation: OrganisationContact,
  roundId: string,
): Promise<Notice> {
  const { reachable, unreachable } = await services.references.officialsOf(organisation.id, turn.user.userId);
  const round = await services.rounds.runRound(roundId, organisation.id, reachable, unreachable);
  if (round.toInvite.length > 0) {
    const send = sendInvitations(turn.context.adapter, services, organisation.name, roundId, round.toInvite);
    await afterCommit(async () => {
      void send();
    });
  }
  return roundNotice(turn.ui, round);
}

function sendInvitations(
  adapter: BotAdapter,
  services: InvitationServices,
  organisationName: string,
  roundId: string,
  recipients: Recipient[],
): () => Promise<void> {
  return async () => {
    for (const [index, recipient] of recipients.entries()) {
      if (index > 0) await new Promise((resolve) => setTimeout(resolve, pauseBetweenSendsMs));
      try {
        // The resend sweep may have taken it already, if this round was slow to get here.
        const claim = await services.rounds.claimForRound(roundId, recipient);
        if (!claim) continue;
        const outcome = await sendInvitation(adapter, services, organisationName, recipient.reference).catch(
          notDelivered,
        );
        await services.rounds.settle(claim, outcome);
      } catch (error) {
        // The database, not Teams: the invitation stays for the resend sweep.
        logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "invitation not sent");
      }
    }
  };
}

/**
 * The resend sweep's delivery of an invitation its round did not get to send: still only to an official
 * who has access and whom the bot can reach in a personal chat.
 */
export function invitationResend(
  adapter: BotAdapter,
  services: InvitationServices & { gate: LicenceGate },
): (invitation: ClaimedInvitation) => Promise<DeliveryOutcome> {
  return async (invitation) => {
    if (invitation.organisationName === undefined) return "notWanted";
    const access = await services.gate.accessFor(invitation.tenantId, invitation.userId);
    if (access.kind !== "granted") return "notWanted";
    const reference = await services.references.referenceOf(invitation.userId, invitation.tenantId);
    if (!reference) return "notWanted";
    return sendInvitation(adapter, services, invitation.organisationName, reference);
  };
}

async function sendInvitation(
  adapter: BotAdapter,
  services: InvitationServices,
  organisationName: string,
  reference: Partial<ConversationReference>,
): Promise<DeliveryOutcome> {
  const card = invitationCard(services.content.ui(languageFromLocale(reference.locale)), organisationName);
  await adapter.continueConversationAsync(services.botAppId ?? "", reference, (official) => sendCard(official, card));
  return "sent";
}

function notDelivered(error: unknown): DeliveryOutcome {
  logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "invitation not sent");
  return "notDelivered";
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
