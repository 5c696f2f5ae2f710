import type { BotServices } from "../bot-services";
import type { RouteTable } from "../route-table";
import { knownUserOf } from "../turn-facts";
import type { BeforeRouteStep } from "./turn-step";

/**
 * After the licence gate, before routing, for every turn the gate let through (open routes included):
 * - the conversation reference is kept, so the bot can write to this conversation later (an incident's
 *   download link, an officer's invitation);
 * - the day's use is recorded, at most daily, as the inactivity retention counts from it; not for a
 *   route that erases the user (the erase confirmation), which must not leave a fresh row behind the data it erases.
 * (The third piece of bookkeeping, linking grants made by e-mail, happens inside the gate's access check,
 * as it decides the access.) In the turn's transaction, so a rolled-back turn records nothing.
 */
export function activityBookkeeping<TState>(services: BotServices, routes: RouteTable): BeforeRouteStep<TState> {
  return async (context) => {
    await services.incidents.references.remember(context);
    if (!routes.chosenRouteOf(context)?.erasesTheUser)
      await services.privacy.activity.touch(knownUserOf(context).userId);
    return true;
  };
}
