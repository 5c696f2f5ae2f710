import { ActivityTypes, type TurnContext } from "botbuilder";
import type { TurnState } from "@microsoft/teams-ai";
import { incidentDialogStateProperty } from "../../../dialogs/dialog-runner";
import type { BeforeRouteStep } from "../../teams/pipeline/turn-step";
import { incidentAnswerAction, incidentChoiceAction, incidentResumeAction } from "../../cards/incident-actions";
import type { ActionSchema, TypedRouteState } from "../../teams/route-declaration";
import type { RouteTable } from "../../teams/route-table";

/** The actions that answer the running documentation; any other action pauses it. */
const ownActions: ReadonlySet<ActionSchema> = new Set<ActionSchema>([
  incidentAnswerAction,
  incidentChoiceAction,
  incidentResumeAction,
]);
const pausedProperty = "incidentPaused";

const conversationOf = (state: TurnState) => state.conversation as Record<string, unknown>;

/**
 * Whether the running documentation keeps the focus. The last step before routing (turn-pipeline.ts
 * `beforeRouteSteps`), so it runs for every turn the gate let through, whichever route then takes it: a
 * command, another card's button or an invoke pauses the documentation, and while it is paused typed text
 * is a question for the help search again, until the user resumes it.
 */
export function incidentFocus(routes: RouteTable): BeforeRouteStep<TurnState> {
  return async (context, state) => {
    if (hasActiveIncident(conversationOf(state)) && isInterruption(context, routes)) setIncidentPaused(state, true);
    return true;
  };
}

/**
 * The condition of the typed route that answers the open question: the documentation is running and not
 * paused. Read when the turn's route is chosen, before the focus step: typed text never pauses it, so the
 * answer is the same before that step as after.
 */
export function answersOpenIncidentQuestion(state: TypedRouteState): boolean {
  const conversation = state.conversation ?? {};
  return hasActiveIncident(conversation) && conversation[pausedProperty] !== true;
}

export function setIncidentPaused(state: TurnState, paused: boolean): void {
  conversationOf(state)[pausedProperty] = paused || undefined;
}

function hasActiveIncident(conversation: Record<string, unknown>): boolean {
  const dialogState = conversation[incidentDialogStateProperty] as { dialogStack?: unknown[] } | undefined;
  return (dialogState?.dialogStack?.length ?? 0) > 0;
}

/** A command, another card's button or an invoke: the user turned to something else. */
function isInterruption(context: TurnContext, routes: RouteTable): boolean {
  if (context.activity.type === ActivityTypes.Invoke) return true;
  const match = routes.chosenRouteOf(context)?.match;
  if (match?.kind === "submit") return !ownActions.has(match.action);
  return match?.kind === "command" || match?.kind === "unknownSubmit";
}
