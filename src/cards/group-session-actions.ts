import { z } from "zod/v4";

/**
 * What a group session's buttons send (Action.Execute data, with the card's input merged in), one schema
 * per verb, as in card-actions.ts. The data only names the session and the step; who pressed is what
 * Teams says, never the data.
 */
export const groupVerbs = {
  start: "groupStart",
  refresh: "groupRefresh",
  move: "groupMove",
  answer: "groupAnswer",
  reveal: "groupReveal",
  end: "groupEnd",
} as const;

const id = z.string().min(1).max(100);

const press = <V extends (typeof groupVerbs)[keyof typeof groupVerbs]>(verb: V) => z.object({ verb: z.literal(verb) });

export const groupStartAction = press(groupVerbs.start).extend({ themeId: id });
export const groupRefreshAction = press(groupVerbs.refresh).extend({ sessionId: id });
export const groupEndAction = press(groupVerbs.end).extend({ sessionId: id });
/** `fromStep` is where the card stood: the move happens only if the session still stands there. */
export const groupMoveAction = press(groupVerbs.move).extend({
  sessionId: id,
  move: z.enum(["next", "back"]),
  fromStep: z.number().int().min(0).max(100),
});
export const groupRevealAction = press(groupVerbs.reveal).extend({ sessionId: id, stepId: id });
/** The answer's text input; its length is checked where it is saved, so an overlong answer gets a clear reply. */
export const groupAnswerInputId = "groupAnswer";
export const groupAnswerAction = press(groupVerbs.answer).extend({
  sessionId: id,
  stepId: id,
  [groupAnswerInputId]: z.string().max(20_000).optional(),
});
