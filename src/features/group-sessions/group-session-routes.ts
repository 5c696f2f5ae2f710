import {
  groupAnswerAction,
  groupAnswerInputId,
  groupEndAction,
  groupMoveAction,
  groupRefreshAction,
  groupRevealAction,
  groupStartAction,
} from "../../cards/group-session-actions";
import { groupThemeNumberOf } from "../../teams/commands";
import { alsoInGroups, licensedOnly, route, type RouteDeclaration } from "../../teams/route-declaration";
import { isGroupConversation } from "../../teams/turn-facts";
import type { TurnView } from "../../teams/turn-view";
import type { Home } from "../home/home-routes";
import type { GroupSessionFlow } from "./group-session-flow";

/**
 * The group session: `starta tema 2` and its buttons, all universal actions (Action.Execute), each
 * answered with the card that replaces the pressed one for the presser while the shared message is
 * updated for everyone. They work in a group and need a licence for the conversation's workspace; the
 * licence gate lets the group's members without access take part (src/teams/pipeline/licence-gate.ts).
 */
export function groupSessionRoutes(deps: {
  groups: GroupSessionFlow;
  home: Home;
  /** In a personal chat `starta tema 2` is the theme itself (src/features/themes/theme-routes.ts). */
  beginTheme: (turn: TurnView, themeId: string) => Promise<void>;
}): RouteDeclaration[] {
  const { groups, home, beginTheme } = deps;
  const inGroups = alsoInGroups(licensedOnly);
  return [
    route.command("startGroupSession", inGroups, async (turn) => {
      const number = groupThemeNumberOf(turn.context.activity.text);
      if (isGroupConversation(turn.context)) return groups.startTyped(turn.context, number);
      const theme = number === undefined ? undefined : groups.themeNumbered(turn.language, number);
      await (theme ? beginTheme(turn, theme.id) : home.unknownAction(turn));
    }),
    route.execute(groupStartAction, inGroups, (turn, { themeId }) => groups.startPressed(turn.context, themeId)),
    route.execute(groupRefreshAction, inGroups, (turn, { sessionId }) => groups.refresh(turn.context, sessionId)),
    route.execute(groupMoveAction, inGroups, (turn, { sessionId, move, fromStep }) =>
      groups.move(turn.context, sessionId, move, fromStep),
    ),
    route.execute(groupAnswerAction, inGroups, (turn, action) =>
      groups.answer(turn.context, action.sessionId, action.stepId, action[groupAnswerInputId] ?? ""),
    ),
    route.execute(groupRevealAction, inGroups, (turn, { sessionId, stepId }) =>
      groups.reveal(turn.context, sessionId, stepId),
    ),
    route.execute(groupEndAction, inGroups, (turn, { sessionId }) => groups.end(turn.context, sessionId)),
  ];
}
