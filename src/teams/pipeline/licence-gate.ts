import { ActivityTypes } from "botbuilder";
import { groupNoticeCard } from "../../cards/group-notice-card";
import { checkAccess, refuseTurn } from "../access-check";
import type { BotServices } from "../bot-services";
import type { RouteTable } from "../route-table";
import { answerWithCard } from "../send-card";
import { isGroupConversation, languageOf, personalChatUrlOf } from "../turn-facts";
import type { BeforeRouteStep } from "./turn-step";

/**
 * The one licence gate, before any route runs, for every kind of activity that could serve the material.
 * It judges the route that will run (chosen once for the turn, chosen-route.ts, from the same declarations
 * the router registers), never a field the router does not act on. Asking for access also links grants
 * made by e-mail to this user (the licence gate asks Teams for the address once), so it must come before
 * any route reads the access. After the rate limit, so a flood costs no licence look-ups; after the
 * chosen language, so a refusal is in the user's language.
 *
 * In a group chat or a channel the workspace is the conversation's (`tenantOf`), and its licence admits
 * everyone in the conversation to the group session, a guest from another tenant and someone the
 * organisation has not granted access included: they take part, they do not use the material on their own.
 * Leading a session is using it, so the group session asks for the facilitator's own access when it starts.
 */
export function licenceGate<TState>(services: BotServices, routes: RouteTable): BeforeRouteStep<TState> {
  return async (context) => {
    const access = await checkAccess(context, services);
    const route = routes.chosenRouteOf(context);
    if (access.kind === "granted" || routes.isOpenWithoutLicence(route)) return true;
    const inGroup = isGroupConversation(context);
    if (inGroup && access.kind === "notGranted") return true;
    // Events no route takes need no answer; messages and invokes are told why.
    if (!route && context.activity.type !== ActivityTypes.Invoke) return false;
    if (inGroup) {
      const ui = services.content.ui(languageOf(context));
      await answerWithCard(context, groupNoticeCard(ui, ui.group.unlicensed, personalChatUrlOf(context)));
    } else await refuseTurn(context, services, access);
    return false;
  };
}
