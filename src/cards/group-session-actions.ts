import { z } from "zod/v4";

/**
 * What a group session's buttons send (Action.Execute data, with the card's input merged in). The
 * data only names the session and the step; who pressed is what Teams says, never the data.
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

export const groupStartAction = z.object({ themeId: id });
export const groupSessionAction = z.object({ sessionId: id });
/** `fromStep` is where the card stood: the move happens only if the session still stands there. */
export const groupMoveAction = groupSessionAction.extend({
  move: z.enum(["next", "back"]),
  fromStep: z.number().int().min(0).max(100),
});
export const groupStepAction = groupSessionAction.extend({ stepId: id });
/** The answer's text input; its length is checked where it is saved, so an overlong answer gets a clear reply. */
export const groupAnswerInputId = "groupAnswer";
export const groupAnswerAction = groupStepAction.extend({ [groupAnswerInputId]: z.string().max(20_000).optional() });
