import type { TurnContext } from "botbuilder";
import { officerIncidentCards } from "../cards/incident-summary-card";
import { downloadLinkCard } from "../cards/incident-sharing-cards";
import { languageFromLocale } from "../domain/content/language";
import { defaultDownloadTtlMinutes } from "../domain/incidents/download-store";
import { incidentPdfFile } from "../domain/incidents/incident-file";
import type { IncidentRecord } from "../domain/incidents/incident-record";
import { formatDateTime } from "../domain/content/local-time";
import { incidentSummary } from "../domain/incidents/incident-summary";
import { logger } from "../platform/logger";
import { accessOf } from "./access-check";
import type { BotServices } from "./bot-services";
import type { ReachableOfficer } from "./conversation-references";
import { sendCard } from "./send-card";
import { knownUserOf, languageOf } from "./turn-facts";

/** Makes the user's copy as a file behind a short-lived link and sends the link. */
export async function sendDownloadLink(context: TurnContext, services: BotServices, record: IncidentRecord) {
  const language = languageOf(context);
  const ui = services.content.ui(language);
  const file = incidentPdfFile(incidentSummary(ui, language, record), ui.incident.fileName, new Date(record.createdAt));
  const { downloads, publicBaseUrl } = services.incidents;
  const token = await downloads.create(knownUserOf(context).userId, file.fileName, file.contentType, file.bytes);
  await sendCard(context, downloadLinkCard(ui, `${publicBaseUrl}/files/${token}`, defaultDownloadTtlMinutes));
}

/** The security officers of the user's organisation that the bot can reach now. */
export async function reachableOfficers(context: TurnContext, services: BotServices): Promise<ReachableOfficer[]> {
  const access = accessOf(context);
  if (access?.kind !== "granted") return [];
  return services.incidents.references.officersOf(access.organisation.id, knownUserOf(context).userId);
}

/**
 * Sends the summary to the named officers in their personal chats with the bot, each in their own
 * language, saying who sent it and that it was sent by choice. Returns how many received it.
 */
export async function sendToOfficers(
  context: TurnContext,
  services: BotServices,
  record: IncidentRecord,
  recipientIds: string[],
): Promise<number> {
  const officers = (await reachableOfficers(context, services)).filter((o) => recipientIds.includes(o.userId));
  const senderName =
    context.activity.from?.name?.trim() || services.content.ui(languageOf(context)).incident.unnamedSender;
  let sent = 0;
  for (const officer of officers) {
    const language = languageFromLocale(officer.reference.locale);
    const ui = services.content.ui(language);
    const cards = officerIncidentCards(ui, {
      senderName,
      sentAt: formatDateTime(language, new Date()),
      summary: incidentSummary(ui, language, record),
    });
    try {
      await context.adapter.continueConversationAsync(
        services.incidents.botAppId ?? "",
        officer.reference,
        async (officerContext) => {
          for (const card of cards) await sendCard(officerContext, card);
        },
      );
      sent++;
    } catch (error) {
      logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "officer not reached");
    }
  }
  return sent;
}
