import { z } from "zod/v4";

/**
 * What our cards' buttons send back (Action.Submit data, plus the inputs Teams merges in). Every
 * submit is parsed against this before anything acts on it; the bot routes on `verb`.
 */
const id = z.string().min(1).max(100);

export const showMenuAction = z.object({ verb: z.literal("showMenu") });
export const showHelpAction = z.object({ verb: z.literal("showHelp") });
export const showMyReflectionsAction = z.object({ verb: z.literal("showMyReflections") });
export const openThemeAction = z.object({ verb: z.literal("openTheme"), themeId: id, stepId: id.optional() });
export const moveStepAction = z.object({
  verb: z.literal("moveStep"),
  themeId: id,
  stepId: id,
  move: z.enum(["next", "back"]),
});
export const reflectionChoiceAction = z.object({
  verb: z.literal("reflectionChoice"),
  themeId: id,
  stepId: id,
  choice: z.enum(["save", "skip"]),
  /** The Input.Text value; its length is checked where it is saved, so an overlong answer is not lost. */
  reflectionAnswer: z.string().optional(),
});

export type ShowMenuAction = z.infer<typeof showMenuAction>;
export type OpenThemeAction = z.infer<typeof openThemeAction>;
export type MoveStepAction = z.infer<typeof moveStepAction>;
export type ReflectionChoiceAction = z.infer<typeof reflectionChoiceAction>;
export type CardActionData =
  | ShowMenuAction
  | z.infer<typeof showHelpAction>
  | z.infer<typeof showMyReflectionsAction>
  | OpenThemeAction
  | MoveStepAction
  | ReflectionChoiceAction;

/** The id of the reflection card's text input; Teams sends its value under this name. */
export const reflectionInputId = "reflectionAnswer";
