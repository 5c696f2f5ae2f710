import type { TurnContext } from "botbuilder";
import { groupNoticeCard } from "../../cards/group-notice-card";
import type { UiText } from "../../domain/content/ui-text-schema";
import type { RouteTable } from "../route-table";
import { answerWithCard } from "../send-card";
import { isGroupConversation, personalChatUrlOf } from "../turn-facts";
import type { BeforeRouteStep } from "./turn-step";

/**
 * In a group chat or a channel everyone reads what the bot answers, so only the routes declared to work
 * there run (their `worksInGroups`, read from the route table as the licence gate reads its attribute);
 * every other one is answered with a pointer to the personal chat and never run, so nobody's records can
 * appear in front of the group. Before the licence gate: the pointer needs no licence, and a route that
 * will not run costs no licence look-up.
 */
export function groupConversations<TState>(
  ui: (context: TurnContext) => UiText,
  routes: RouteTable,
): BeforeRouteStep<TState> {
  return async (context) => {
    if (!isGroupConversation(context) || routes.worksInGroups(routes.chosenRouteOf(context))) return true;
    const texts = ui(context);
    await answerWithCard(context, groupNoticeCard(texts, texts.group.personalOnly, personalChatUrlOf(context)));
    return false;
  };
}
