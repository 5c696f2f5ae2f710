import type { Theme } from "../content/content-schema";
import type { Language } from "../content/language";
import { formatDateTime } from "../content/local-time";
import { fill, type UiText } from "../content/ui-text-schema";
import type { SavedReflection } from "../reflections/reflection-store";
import { adaptiveCard, heading, paragraph, submit, type AdaptiveCard, type CardElement } from "./adaptive-card";
import { plainText } from "./plain-text";

export interface MyReflectionsInput {
  ui: UiText;
  language: Language;
  reflections: SavedReflection[];
  themeById: (themeId: string) => Theme | undefined;
}

/** The user's own saved answers, each under the question it answered. */
export function myReflectionsCard({ ui, language, reflections, themeById }: MyReflectionsInput): AdaptiveCard {
  const entries: CardElement[] = reflections.map((reflection) => {
    const theme = themeById(reflection.themeId);
    const step = theme?.steps.find((s) => s.id === reflection.stepId);
    const question = step?.type === "reflection" ? step.question : (step?.title ?? "");
    return {
      type: "Container",
      separator: true,
      spacing: "Medium",
      items: [
        paragraph(
          fill(ui.myReflections.savedAt, { date: formatDateTime(language, reflection.createdAt) }) +
            (theme ? ` · ${theme.title}` : ""),
          { subtle: true },
        ),
        { type: "TextBlock", text: question, wrap: true, weight: "Bolder" },
        paragraph(plainText(reflection.answer)),
      ],
    };
  });
  return adaptiveCard(
    [
      ...heading(ui.myReflections.title, { size: "Medium" }),
      paragraph(reflections.length > 0 ? ui.myReflections.intro : ui.myReflections.empty),
      ...entries,
    ],
    [submit(ui.menu.title, { verb: "showMenu" })],
  );
}
