import type { TurnContext } from "botbuilder";
import type { Application, TurnState } from "@microsoft/teams-ai";
import type { DialogRunner } from "../../../dialogs/dialog-runner";
import { IncidentDialog } from "../../../dialogs/incident-dialog";
import { incidentResumeAction, savedIncidentAction } from "../../cards/incident-actions";
import { unfinishedIncidentCard } from "../../cards/incident-sharing-cards";
import { savedIncidentCards } from "../../cards/incident-summary-card";
import { deleteIncidentCard, firstWordsOf, myIncidentsCard } from "../../cards/my-incidents-card";
import { noticeCard } from "../../cards/notice-card";
import type { UiText } from "../../domain/content/ui-text-schema";
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
    const incidents = await services.incidents.store.listForUser(knownUserOf(context).userId);
    await sendCard(
      context,
      myIncidentsCard(
        ui(context),
        incidents.map((incident) => ({
          id: incident.id,
          documentedAt: formatDateTime(language, new Date(incident.record.createdAt)),
          expires: formatDate(language, incident.expiresAt),
          firstWords: firstWordsOf(incident.record.answers.what),
        })),
      ),
    );
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

  return { startDocumenting };
}
