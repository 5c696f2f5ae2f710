import { ActivityTypes } from "botbuilder";
import { checkAccess, refuseTurn } from "../access-check";
import type { BotServices } from "../bot-services";
import type { RouteTable } from "../route-table";
import type { BeforeRouteStep } from "./turn-step";

/**
 * The one licence gate, before any route runs, for every kind of activity that could serve the material.
 * It judges the route that will run (`routeOf` in src/teams/route-table.ts, read from the same declarations
 * the router registers), never a field the router does not act on. Asking for access also links grants
 * made by e-mail to this user (the licence gate asks Teams for the address once), so it must come before
 * any route reads the access. After the rate limit, so a flood costs no licence look-ups; after the
 * chosen language, so a refusal is in the user's language.
 */
export function licenceGate<TState>(services: BotServices, routes: RouteTable): BeforeRouteStep<TState> {
  return async (context) => {
    const access = await checkAccess(context, services);
    const route = routes.routeOf(context.activity);
    if (access.kind === "granted" || routes.isOpenWithoutLicence(route)) return true;
    // Events no route takes need no answer; messages and invokes are told why.
    if (!route && context.activity.type !== ActivityTypes.Invoke) return false;
    await refuseTurn(context, services, access);
    return false;
  };
}
