import type { TurnContext } from "botbuilder";
import { noticeCard } from "../../cards/notice-card";
import type { UiText } from "../../domain/content/ui-text-schema";
import { answerWithCard } from "../send-card";
import { userOf } from "../turn-facts";
import type { BeforeRouteStep } from "./turn-step";

/**
 * Before the licence gate: nothing can be checked or stored for an activity that names no user (no Entra
 * object id and no channel id), so it gets the generic answer and stops. Every step and route after it
 * may rely on `knownUserOf`.
 */
export function namedUser<TState>(ui: (context: TurnContext) => UiText): BeforeRouteStep<TState> {
  return async (context) => {
    if (userOf(context)) return true;
    await answerWithCard(context, noticeCard(ui(context), ui(context).errors.generic));
    return false;
  };
}
