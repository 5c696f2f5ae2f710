import type { RouteTable } from "../route-table";
import type { TypedRouteState } from "../route-declaration";
import type { BeforeRouteStep } from "./turn-step";

/**
 * Right after the chosen language, before any step reads it: the route this attempt of the turn takes is
 * decided once (`choose` in src/teams/route-table.ts), so the group step, the licence gate, the bookkeeping,
 * the documentation's focus and the router all judge the same route. Here teams-ai has removed the bot's
 * @mention from the text and loaded the conversation's state, which is all a route depends on; a retried
 * attempt decides again on its fresh state.
 */
export function chosenRoute<TState extends TypedRouteState>(routes: RouteTable): BeforeRouteStep<TState> {
  return async (context, state) => {
    routes.choose(context, state);
    return true;
  };
}
