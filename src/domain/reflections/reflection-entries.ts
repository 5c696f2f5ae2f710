import type { Theme } from "../content/content-schema";
import type { SavedReflection } from "./reflection-store";

/** A saved answer with what it answered, as the card and the PDF both show it. */
export interface ReflectionEntry {
  savedAt: Date;
  /** Undefined once the theme is no longer in the content. */
  themeTitle?: string;
  /** The reflection question, the step's title for any other step, or empty if the step is gone. */
  question: string;
  answer: string;
}

export function reflectionEntries(
  reflections: SavedReflection[],
  themeById: (themeId: string) => Theme | undefined,
): ReflectionEntry[] {
  return reflections.map((reflection) => {
    const theme = themeById(reflection.themeId);
    const step = theme?.steps.find((s) => s.id === reflection.stepId);
    return {
      savedAt: reflection.createdAt,
      themeTitle: theme?.title,
      question: step?.type === "reflection" ? step.question : (step?.title ?? ""),
      answer: reflection.answer,
    };
  });
}
