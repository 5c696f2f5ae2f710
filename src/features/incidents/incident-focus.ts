import { ActivityTypes, type TurnContext } from "botbuilder";
import type { TurnState } from "@microsoft/teams-ai";
import { incidentDialogStateProperty } from "../../../dialogs/dialog-runner";
import type { BeforeRouteStep } from "../../teams/pipeline/turn-step";
import { routeOf, type SubmitVerb } from "../../teams/route-table";

/** Verbs that answer the running documentation; any other action pauses it. */
const ownVerbs: ReadonlySet<SubmitVerb> = new Set<SubmitVerb>(["incidentAnswer", "incidentChoice", "incidentResume"]);
const focusKey = Symbol("incidentFocus");
const pausedProperty = "incidentPaused";

const conversationOf = (state: TurnState) => state.conversation as Record<string, unknown>;

/**
 * Whether typed text answers the running documentation's open question. The last step before routing
 * (turn-pipeline.ts `beforeRouteSteps`), so it runs for every turn the gate let through, whichever route
 * then takes it: a command, another card's button or an invoke pauses the documentation, and while it is
 * paused typed text is a question for the help search again, until the user resumes it.
 */
export const incidentFocus: BeforeRouteStep<TurnState> = async (context, state) => {
  const active = hasActiveIncident(conversationOf(state));
  if (active && isInterruption(context)) setIncidentPaused(state, true);
  context.turnState.set(focusKey, active && conversationOf(state)[pausedProperty] !== true);
  return true;
};

/** The route selector for an answer to the open question: typed text while the documentation has the focus. */
export async function answersOpenIncidentQuestion(context: TurnContext): Promise<boolean> {
  return (
    context.turnState.get(focusKey) === true &&
    routeOf(context.activity).kind === "typed" &&
    typeof context.activity.text === "string"
  );
}

export function setIncidentPaused(state: TurnState, paused: boolean): void {
  conversationOf(state)[pausedProperty] = paused || undefined;
}

function hasActiveIncident(conversation: Record<string, unknown>): boolean {
  const dialogState = conversation[incidentDialogStateProperty] as { dialogStack?: unknown[] } | undefined;
  return (dialogState?.dialogStack?.length ?? 0) > 0;
}

/** A command, another card's button or an invoke: the user turned to something else. */
function isInterruption(context: TurnContext): boolean {
  if (context.activity.type === ActivityTypes.Invoke) return true;
  const route = routeOf(context.activity);
  if (route.kind === "submit") return !ownVerbs.has(route.verb);
  return route.kind === "command" || route.kind === "unknownSubmit";
}
