import type { TurnContext } from "botbuilder";
import type { TurnStep } from "./turn-step";

/**
 * First, before everything else: `akut`, the crisis phrases and their buttons are answered from memory.
 * Nothing before it can keep safety information from someone: not a database that is down (it needs no
 * state and no transaction), not a rate limit, not a missing licence. The responder itself lives with the
 * quick-help feature; it answers `true` when it took the turn.
 */
export function emergencyHelp(respond: (context: TurnContext) => Promise<boolean>): TurnStep {
  return async (context, next) => {
    if (!(await respond(context))) await next();
  };
}
