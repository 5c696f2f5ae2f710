import type { ConversationReference, TurnContext } from "botbuilder";
import { officerIncidentCards } from "../cards/incident-summary-card";
import type { AdaptiveCard } from "../cards/adaptive-card";
import { officerHandoverCard, officialAnsweredCard, withdrawnHandoverCard } from "../cards/handover-cards";
import { downloadLinkCard } from "../cards/incident-sharing-cards";
import { languageFromLocale, type Language } from "../domain/content/language";
import type { UiText } from "../domain/content/ui-text-schema";
import { defaultDownloadTtlMinutes } from "../domain/incidents/download-store";
import { incidentPdfFile } from "../domain/incidents/incident-file";
import type { Handover, HandoverAnswer } from "../domain/incidents/handover-store";
import type { IncidentRecord } from "../domain/incidents/incident-record";
import { formatDateTime } from "../domain/content/local-time";
import { incidentSummary } from "../domain/incidents/incident-summary";
import { logger } from "../platform/logger";
import { accessOf } from "./access-check";
import type { BotServices } from "./bot-services";

/** What sharing an incident needs: the texts and the incident services. */
export type SharingServices = Pick<BotServices, "content" | "incidents">;
import type { ReachableOfficer } from "./conversation-references";
import { replaceCard, sendCard, sendCardKeepingId } from "./send-card";
import { knownUserOf, languageOf } from "./turn-facts";

/** Makes the user's copy as a file behind a short-lived link and sends the link. */
export async function sendDownloadLink(context: TurnContext, services: SharingServices, record: IncidentRecord) {
  const language = languageOf(context);
  const ui = services.content.ui(language);
  const file = incidentPdfFile(incidentSummary(ui, language, record), ui.incident.fileName, new Date(record.createdAt));
  const { downloads, publicBaseUrl } = services.incidents;
  const token = await downloads.create(knownUserOf(context).userId, file.fileName, file.contentType, file.bytes);
  await sendCard(context, downloadLinkCard(ui, `${publicBaseUrl}/files/${token}`, defaultDownloadTtlMinutes));
}

/** The security officers of the user's organisation that the bot can reach now. */
export async function reachableOfficers(context: TurnContext, services: SharingServices): Promise<ReachableOfficer[]> {
  const access = accessOf(context);
  if (access?.kind !== "granted") return [];
  return services.incidents.references.officersOf(access.organisation.id, knownUserOf(context).userId);
}

/**
 * The first half of a hand-over, inside the turn: one row per named officer who does not hold this
 * record yet, committed with the turn (so a turn run again or rolled back sends nothing twice).
 * `requested` says how many of the named officers can still be reached at all.
 */
export async function prepareHandovers(
  context: TurnContext,
  services: SharingServices,
  options: { recordId: string; recipientIds: string[]; expiresAt: Date },
): Promise<{ created: Handover[]; requested: number }> {
  const access = accessOf(context);
  if (access?.kind !== "granted") return { created: [], requested: 0 };
  const officers = (await reachableOfficers(context, services)).filter((o) => options.recipientIds.includes(o.userId));
  const user = knownUserOf(context);
  const officialName =
    context.activity.from?.name?.trim() || services.content.ui(languageOf(context)).incident.unnamedSender;
  const created = await services.incidents.handovers.create(
    officers.map((officer) => ({
      recordId: options.recordId,
      official: { userId: user.userId, tenantId: user.tenantId, name: officialName },
      organisationId: access.organisation.id,
      officer: { userId: officer.userId, name: officer.name, conversation: officer.reference },
      expiresAt: options.expiresAt,
    })),
  );
  return { created, requested: officers.length };
}

/**
 * The second half, after the commit: the summary to each officer in their personal chat with the bot,
 * in their own language, saying who sent it and that it was sent by choice, then the card they answer
 * on. Keeps the ids of the officer's messages, to replace them if the official withdraws the summary;
 * a hand-over whose copy could not be delivered is forgotten. Returns how many received it.
 */
export async function deliverHandovers(
  context: TurnContext,
  services: SharingServices,
  record: IncidentRecord,
  handovers: Handover[],
): Promise<number> {
  let sent = 0;
  for (const handover of handovers) {
    const reference = handover.officerConversation as Partial<ConversationReference>;
    const language = languageFromLocale(reference.locale);
    const ui = services.content.ui(language);
    const cards = [
      ...officerIncidentCards(ui, {
        senderName: handover.officialName,
        sentAt: formatDateTime(language, handover.sentAt),
        summary: incidentSummary(ui, language, record),
      }),
      officerAnswerCard(ui, language, handover),
    ];
    const activityIds: string[] = [];
    try {
      await context.adapter.continueConversationAsync(
        services.incidents.botAppId ?? "",
        reference,
        async (officerContext) => {
          for (const card of cards) {
            const id = await sendCardKeepingId(officerContext, card);
            if (id) activityIds.push(id);
          }
        },
      );
      await services.incidents.handovers.setActivityIds(handover.id, activityIds);
      sent++;
    } catch (error) {
      logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "officer not reached");
      // Whatever part of the copy did arrive stays findable for a withdrawal; nothing arrived, nothing to follow.
      if (activityIds.length > 0) await services.incidents.handovers.setActivityIds(handover.id, activityIds);
      else await services.incidents.handovers.forget(handover.id);
    }
  }
  return sent;
}

/** Tells the official in their personal chat which officer answered, how and when, in the official's language. */
export async function notifyOfficial(
  context: TurnContext,
  services: SharingServices,
  handover: Handover,
  answer: HandoverAnswer,
  answeredAt: Date,
): Promise<void> {
  const reference = await services.incidents.references.referenceOf(handover.officialUserId, handover.officialTenantId);
  if (!reference) return;
  const language = languageFromLocale(reference.locale);
  const ui = services.content.ui(language);
  const card = officialAnsweredCard(
    ui,
    answer,
    handover.officerName ?? ui.incident.unnamedOfficer,
    formatDateTime(language, answeredAt),
  );
  try {
    await context.adapter.continueConversationAsync(services.incidents.botAppId ?? "", reference, (official) =>
      sendCard(official, card),
    );
  } catch (error) {
    // The answer is recorded and shows in `mina händelser` all the same.
    logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "official not reached");
  }
}

/**
 * The officer's answer card as the hand-over stands, in the officer's language: with `holder`, the
 * colleague who answered first, it says who handles the record instead of offering the buttons.
 */
export function officerAnswerCard(ui: UiText, language: Language, handover: Handover, holder?: Handover): AdaptiveCard {
  const unnamed = ui.incident.unnamedOfficer;
  return officerHandoverCard(ui, {
    handoverId: handover.id,
    officialName: handover.officialName,
    officerName: handover.officerName ?? unnamed,
    status: handover.status,
    answeredAt: handover.answeredAt ? formatDateTime(language, handover.answeredAt) : undefined,
    takenBy:
      holder && holder.status !== "sent"
        ? {
            officerName: holder.officerName ?? unnamed,
            answer: holder.status,
            answeredAt: formatDateTime(language, holder.answeredAt ?? holder.sentAt),
          }
        : undefined,
  });
}

/** Replaces every message of each officer's copy with the note that the official withdrew it. */
export async function replaceOfficerCopies(
  context: TurnContext,
  services: SharingServices,
  handovers: Handover[],
): Promise<void> {
  await inEachOfficerChat(context, services, handovers, async (officer, handover, language) => {
    const card = withdrawnHandoverCard(
      services.content.ui(language),
      handover.officialName,
      formatDateTime(language, handover.sentAt),
    );
    for (const activityId of handover.officerActivityIds) await replaceCard(officer, activityId, card);
  });
}

/**
 * Once an officer has answered, updates the answer card of every colleague who holds the same record
 * (the last message of their copy) to say who handles it and since when, so two officers do not both
 * call the official.
 */
export async function showHolderToColleagues(
  context: TurnContext,
  services: SharingServices,
  holder: Handover,
  colleagues: Handover[],
): Promise<void> {
  await inEachOfficerChat(context, services, colleagues, async (officer, colleague, language) => {
    const answerCardId = colleague.officerActivityIds.at(-1);
    if (!answerCardId) return;
    const card = officerAnswerCard(services.content.ui(language), language, colleague, holder);
    await replaceCard(officer, answerCardId, card);
  });
}

/** Runs `work` in each officer's personal chat, in their language; an officer Teams does not reach is logged and skipped. */
async function inEachOfficerChat(
  context: TurnContext,
  services: SharingServices,
  handovers: Handover[],
  work: (officer: TurnContext, handover: Handover, language: Language) => Promise<void>,
): Promise<void> {
  for (const handover of handovers) {
    const reference = handover.officerConversation as Partial<ConversationReference>;
    const language = languageFromLocale(reference.locale);
    try {
      await context.adapter.continueConversationAsync(services.incidents.botAppId ?? "", reference, (officer) =>
        work(officer, handover, language),
      );
    } catch (error) {
      logger.warn(
        { err: { name: (error as Error).name, message: (error as Error).message } },
        "officer copy not updated",
      );
    }
  }
}
