import type { TurnContext } from "botbuilder";
import type { Application, TurnState } from "@microsoft/teams-ai";
import type { AdaptiveCard } from "../../cards/adaptive-card";
import {
  groupAnswerAction,
  groupAnswerInputId,
  groupMoveAction,
  groupSessionAction,
  groupStartAction,
  groupStepAction,
  groupVerbs,
} from "../../cards/group-session-actions";
import type { BotServices } from "../../teams/bot-services";
import { routeIs } from "../../teams/route-table";
import { GroupSessionFlow } from "./group-session-flow";

/**
 * The group session's buttons, all universal actions (Action.Execute): each is answered with the card
 * that replaces the pressed one for the presser, while the shared message is updated for everyone.
 * Whether they work without a licence, and in a group, is said in route-table.ts. A press whose data
 * does not parse is answered with the session's end notice: there is no session it could act on.
 */
export function registerGroupSessionRoutes<TState extends TurnState>(
  app: Application<TState>,
  { services }: { services: BotServices },
): GroupSessionFlow {
  const flow = new GroupSessionFlow(services);
  const onPress = (
    verb: (typeof groupVerbs)[keyof typeof groupVerbs],
    handle: (context: TurnContext, data: unknown) => Promise<AdaptiveCard>,
  ) => app.adaptiveCards.actionExecute(routeIs.execute(verb), (context, _state, data) => handle(context, data));

  onPress(groupVerbs.start, (context, data) =>
    flow.startPressed(context, groupStartAction.safeParse(data).data?.themeId),
  );
  onPress(groupVerbs.refresh, (context, data) =>
    flow.refresh(context, groupSessionAction.safeParse(data).data?.sessionId ?? ""),
  );
  onPress(groupVerbs.move, (context, data) => {
    const action = groupMoveAction.safeParse(data);
    return action.success
      ? flow.move(context, action.data.sessionId, action.data.move, action.data.fromStep)
      : flow.refresh(context, "");
  });
  onPress(groupVerbs.answer, (context, data) => {
    const action = groupAnswerAction.safeParse(data);
    return action.success
      ? flow.answer(context, action.data.sessionId, action.data.stepId, action.data[groupAnswerInputId] ?? "")
      : flow.refresh(context, "");
  });
  onPress(groupVerbs.reveal, (context, data) => {
    const action = groupStepAction.safeParse(data);
    return action.success ? flow.reveal(context, action.data.sessionId, action.data.stepId) : flow.refresh(context, "");
  });
  onPress(groupVerbs.end, (context, data) =>
    flow.end(context, groupSessionAction.safeParse(data).data?.sessionId ?? ""),
  );
  return flow;
}
