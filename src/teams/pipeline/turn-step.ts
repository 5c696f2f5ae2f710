import type { TurnContext } from "botbuilder";

/**
 * One step of the turn policy: it may answer and stop (not calling `next`), or run the rest of the turn
 * inside it (to wrap it in a lock, a transaction or a retry). A step may call `next` again only where it
 * says so: the conflict retry runs the rest of the turn once more on fresh state.
 */
export type TurnStep = (context: TurnContext, next: () => Promise<void>) => Promise<void>;

/** Runs the steps in order, each wrapping the ones after it; the last one's `next` does nothing. */
export function runSteps(steps: readonly TurnStep[], context: TurnContext): Promise<void> {
  const from = (index: number): Promise<void> =>
    index < steps.length ? steps[index](context, () => from(index + 1)) : Promise.resolve();
  return from(0);
}

/**
 * The steps that run inside teams-ai's `app.run`, after it has loaded the conversation's and the user's
 * state and removed the bot's @mention, before it picks a route: they see the state, and answer `false`
 * to stop the turn before any route runs.
 */
export type BeforeRouteStep<TState> = (context: TurnContext, state: TState) => Promise<boolean>;

/** The before-route steps as one teams-ai `beforeTurn` handler: in order, the first `false` stops the turn. */
export function beforeRouting<TState>(
  steps: readonly BeforeRouteStep<TState>[],
): (context: TurnContext, state: TState) => Promise<boolean> {
  return async (context, state) => {
    for (const step of steps) if (!(await step(context, state))) return false;
    return true;
  };
}
