import type { TurnContext } from "botbuilder";
import type { Application, TurnState } from "@microsoft/teams-ai";
import type { DialogRunner } from "../../../dialogs/dialog-runner";
import { registerHandoverRoutes } from "./handover-routes";
import { IncidentDialog } from "../../../dialogs/incident-dialog";
import { incidentResumeAction, savedIncidentAction } from "../../cards/incident-actions";
import { unfinishedIncidentCard } from "../../cards/incident-sharing-cards";
import { savedIncidentCards } from "../../cards/incident-summary-card";
import {
  deleteIncidentCard,
  firstWordsOf,
  myIncidentsCard,
  type IncidentListEntry,
} from "../../cards/my-incidents-card";
import { noticeCard } from "../../cards/notice-card";
import type { Language } from "../../domain/content/language";
import { fill, type UiText } from "../../domain/content/ui-text-schema";
import type { Handover } from "../../domain/incidents/handover-store";
import type { SavedIncident } from "../../domain/incidents/incident-store";
import { formatDate, formatDateTime } from "../../domain/content/local-time";
import { incidentSummary } from "../../domain/incidents/incident-summary";
import type { BotServices } from "../../teams/bot-services";
import { routeIs } from "../../teams/route-table";
import { answersOpenIncidentQuestion, setIncidentPaused as setPaused } from "./incident-focus";
import { sendDownloadLink } from "../../teams/incident-sharing";
import { sendCard } from "../../teams/send-card";
import { knownUserOf, languageOf } from "../../teams/turn-facts";

export interface IncidentRouteDependencies {
  services: BotServices;
  dialogs: DialogRunner;
}

type Handler = (context: TurnContext, state: TurnState) => Promise<void>;

/**
 * The incident documentation's routes: `dokumentera`, `mina incidenter`, the incident cards' buttons,
 * and typed answers while a question is open. Register just before the catch-all, after every other
 * command and verb, so those keep working (and pause the documentation) in the middle of it.
 */
export function registerIncidentRoutes<TState extends TurnState>(
  app: Application<TState>,
  { services, dialogs }: IncidentRouteDependencies,
): { startDocumenting: Handler } {
  const ui = (context: TurnContext): UiText => services.content.ui(languageOf(context));
  const notice = (context: TurnContext, text: string) => sendCard(context, noticeCard(ui(context), text));
  const begin = async (context: TurnContext, state: TurnState) => {
    const dc = await dialogs.openIncident(context, state);
    await dc.cancelAllDialogs();
    setPaused(state, false);
    await dc.beginDialog(IncidentDialog.id);
  };
  const startDocumenting: Handler = async (context, state) => {
    const dc = await dialogs.openIncident(context, state);
    if (dc.activeDialog) await sendCard(context, unfinishedIncidentCard(ui(context)));
    else await begin(context, state);
  };
  const continueDocumenting: Handler = async (context, state) => {
    const dc = await dialogs.openIncident(context, state);
    if (!dc.activeDialog) return notice(context, ui(context).incident.noDraft);
    setPaused(state, false);
    await dc.continueDialog();
  };

  const showList: Handler = async (context) => {
    const language = languageOf(context);
    const userId = knownUserOf(context).userId;
    const [incidents, handovers] = await Promise.all([
      services.incidents.store.listForUser(userId),
      services.incidents.handovers.listForOfficial(userId),
    ]);
    await sendCard(context, myIncidentsCard(ui(context), listEntries(ui(context), language, incidents, handovers)));
  };

  // Whether these work without a licence is said in route-table.ts.
  app.message(routeIs.command("document"), startDocumenting);
  app.message(routeIs.command("myIncidents"), showList);
  app.message(answersOpenIncidentQuestion, continueDocumenting);

  app.adaptiveCards.actionSubmit(routeIs.submit("incidentAnswer", "incidentChoice"), continueDocumenting);
  app.adaptiveCards.actionSubmit(routeIs.submit("incidentResume"), async (context, state, data) => {
    const action = incidentResumeAction.safeParse(data);
    const dc = await dialogs.openIncident(context, state);
    if (action.data?.choice === "continue" && dc.activeDialog) {
      setPaused(state, false);
      await dc.repromptDialog();
    } else await begin(context, state);
  });
  app.adaptiveCards.actionSubmit(routeIs.submit("showMyIncidents"), showList);
  app.adaptiveCards.actionSubmit(routeIs.submit("savedIncident"), async (context, state, data) => {
    const action = savedIncidentAction.safeParse(data);
    const texts = ui(context).incident.myIncidents;
    if (!action.success) return notice(context, ui(context).errors.unknownAction);
    const { id, act } = action.data;
    const userId = knownUserOf(context).userId;
    const incident = await services.incidents.store.get(userId, id);
    if (!incident) return notice(context, texts.notFound);

    const language = languageOf(context);
    const documentedAt = formatDateTime(language, new Date(incident.record.createdAt));
    switch (act) {
      case "view": {
        const summary = incidentSummary(ui(context), language, incident.record);
        const expires = formatDate(language, incident.expiresAt);
        for (const card of savedIncidentCards(ui(context), summary, id, expires)) await sendCard(context, card);
        return;
      }
      case "download":
        return sendDownloadLink(context, services, incident.record);
      case "delete":
        return sendCard(context, deleteIncidentCard(ui(context), id, documentedAt));
      case "confirmDelete":
        await services.incidents.store.delete(userId, id);
        await notice(context, texts.deleted);
        return showList(context, state);
    }
  });

  registerHandoverRoutes(app, { services, showList });

  return { startDocumenting };
}

/**
 * The entries of `mina händelser`, newest first: saved incidents, each with what the officers answered
 * if it was sent (a saved incident carries its draft's id, which is the hand-over's record id), and
 * summaries that were sent without being saved.
 */
function listEntries(
  ui: UiText,
  language: Language,
  incidents: SavedIncident[],
  handovers: Handover[],
): IncidentListEntry[] {
  const texts = ui.incident.handover;
  const byRecord = new Map<string, Handover[]>();
  for (const handover of handovers)
    byRecord.set(handover.recordId, [...(byRecord.get(handover.recordId) ?? []), handover]);
  const statusOf = (recordId: string, held: Handover[]) => ({
    recordId,
    statusLines: held.map((h) => {
      const officer = h.officerName ?? ui.incident.unnamedOfficer;
      if (h.status === "sent") return fill(texts.statusSent, { officer, date: formatDateTime(language, h.sentAt) });
      const date = formatDateTime(language, h.answeredAt ?? h.sentAt);
      return fill(h.status === "received" ? texts.statusReceived : texts.statusContacting, { officer, date });
    }),
  });
  const saved = incidents.map((incident) => {
    const held = incident.saveKey ? byRecord.get(incident.saveKey) : undefined;
    if (incident.saveKey) byRecord.delete(incident.saveKey);
    return {
      at: incident.createdAt,
      entry: {
        id: incident.id,
        documentedAt: formatDateTime(language, new Date(incident.record.createdAt)),
        expires: formatDate(language, incident.expiresAt),
        firstWords: firstWordsOf(incident.record.answers.what),
        handover: held && statusOf(incident.saveKey!, held),
      },
    };
  });
  const sentOnly = [...byRecord].map(([recordId, held]) => ({
    at: held[0].sentAt,
    entry: {
      documentedAt: formatDateTime(language, held[0].sentAt),
      expires: formatDate(language, held[0].expiresAt),
      handover: statusOf(recordId, held),
    },
  }));
  return [...saved, ...sentOnly].sort((a, b) => b.at.getTime() - a.at.getTime()).map((e) => e.entry);
}
