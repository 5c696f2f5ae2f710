import type { DialogRunner } from "../../../dialogs/dialog-runner";
import { IncidentDialog } from "../../../dialogs/incident-dialog";
import {
  incidentAnswerAction,
  incidentChoiceAction,
  incidentResumeAction,
  savedIncidentAction,
  showMyIncidentsAction,
} from "../../cards/incident-actions";
import { unfinishedIncidentCard } from "../../cards/incident-sharing-cards";
import { savedIncidentCards } from "../../cards/incident-summary-card";
import {
  deleteIncidentCard,
  firstWordsOf,
  myIncidentsCard,
  type IncidentListEntry,
} from "../../cards/my-incidents-card";
import type { Language } from "../../domain/content/language";
import { fill, type UiText } from "../../domain/content/ui-text-schema";
import type { Handover } from "../../domain/incidents/handover-store";
import type { SavedIncident } from "../../domain/incidents/incident-store";
import { formatDate, formatDateTime } from "../../domain/content/local-time";
import { incidentSummary } from "../../domain/incidents/incident-summary";
import { licensedOnly, route, type RouteDeclaration } from "../../teams/route-declaration";
import { sendDownloadLink, type SharingServices } from "../../teams/incident-sharing";
import { sendCard } from "../../teams/send-card";
import { sendNotice, type TurnView } from "../../teams/turn-view";
import { handoverRoutes } from "./handover-routes";
import { answersOpenIncidentQuestion, setIncidentPaused as setPaused } from "./incident-focus";

/**
 * The incident documentation's routes: `dokumentera`, `mina händelser`, the incident cards' buttons,
 * typed answers while a question is open (the documentation's focus, incident-focus.ts, decides which
 * typed text that is), and the hand-over. Commands and other buttons keep working in the middle of it
 * and pause it.
 */
export function incidentRoutes(deps: { dialogs: DialogRunner; sharing: SharingServices }): RouteDeclaration[] {
  const { dialogs, sharing } = deps;
  const { incidents } = sharing;
  const begin = async (turn: TurnView) => {
    const dc = await dialogs.openIncident(turn.context, turn.state);
    await dc.cancelAllDialogs();
    setPaused(turn.state, false);
    await dc.beginDialog(IncidentDialog.id);
  };
  const startDocumenting = async (turn: TurnView) => {
    const dc = await dialogs.openIncident(turn.context, turn.state);
    if (dc.activeDialog) await sendCard(turn.context, unfinishedIncidentCard(turn.ui));
    else await begin(turn);
  };
  const continueDocumenting = async (turn: TurnView) => {
    const dc = await dialogs.openIncident(turn.context, turn.state);
    if (!dc.activeDialog) return sendNotice(turn, turn.ui.incident.noDraft);
    setPaused(turn.state, false);
    await dc.continueDialog();
  };

  const showList = async (turn: TurnView) => {
    const { userId } = turn.user;
    const [saved, handovers] = await Promise.all([
      incidents.store.listForUser(userId),
      incidents.handovers.listForOfficial(userId),
    ]);
    await sendCard(turn.context, myIncidentsCard(turn.ui, listEntries(turn.ui, turn.language, saved, handovers)));
  };

  return [
    route.command("document", licensedOnly, startDocumenting),
    route.command("myIncidents", licensedOnly, showList),
    route.typed(licensedOnly, continueDocumenting, { while: answersOpenIncidentQuestion }),
    route.submit(incidentAnswerAction, licensedOnly, continueDocumenting),
    route.submit(incidentChoiceAction, licensedOnly, continueDocumenting),
    route.submit(incidentResumeAction, licensedOnly, async (turn, action) => {
      const dc = await dialogs.openIncident(turn.context, turn.state);
      if (action.choice === "continue" && dc.activeDialog) {
        setPaused(turn.state, false);
        await dc.repromptDialog();
      } else await begin(turn);
    }),
    route.submit(showMyIncidentsAction, licensedOnly, showList),
    route.submit(savedIncidentAction, licensedOnly, async (turn, { id, act }) => {
      const { ui, language } = turn;
      const texts = ui.incident.myIncidents;
      const { userId } = turn.user;
      const incident = await incidents.store.get(userId, id);
      if (!incident) return sendNotice(turn, texts.notFound);

      const documentedAt = formatDateTime(language, new Date(incident.record.createdAt));
      switch (act) {
        case "view": {
          const summary = incidentSummary(ui, language, incident.record);
          const expires = formatDate(language, incident.expiresAt);
          for (const card of savedIncidentCards(ui, summary, id, expires)) await sendCard(turn.context, card);
          return;
        }
        case "download":
          return sendDownloadLink(turn.context, sharing, incident.record);
        case "delete":
          return sendCard(turn.context, deleteIncidentCard(ui, id, documentedAt));
        case "confirmDelete":
          await incidents.store.delete(userId, id);
          await sendNotice(turn, texts.deleted);
          return showList(turn);
      }
    }),
    ...handoverRoutes({ sharing, showList }),
  ];
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
