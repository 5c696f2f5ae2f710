import type { Theme } from "../domain/content/content-schema";
import type { Language } from "../domain/content/language";
import { formatDateTime } from "../domain/content/local-time";
import { fill, type UiText } from "../domain/content/ui-text-schema";
import { reflectionEntries } from "../domain/reflections/reflection-entries";
import type { SavedReflection } from "../domain/reflections/reflection-store";
import {
  adaptiveCard,
  heading,
  openUrl,
  paragraph,
  submit,
  type AdaptiveCard,
  type CardElement,
} from "./adaptive-card";
import { plainText } from "./plain-text";

export interface MyReflectionsInput {
  ui: UiText;
  language: Language;
  reflections: SavedReflection[];
  themeById: (themeId: string) => Theme | undefined;
}

/** The user's own saved answers, each under the question it answered, and a PDF of them to keep. */
export function myReflectionsCard({ ui, language, reflections, themeById }: MyReflectionsInput): AdaptiveCard {
  const entries: CardElement[] = reflectionEntries(reflections, themeById).map((entry) => ({
    type: "Container",
    separator: true,
    spacing: "Medium",
    items: [
      paragraph(
        fill(ui.myReflections.savedAt, { date: formatDateTime(language, entry.savedAt) }) +
          (entry.themeTitle ? ` · ${entry.themeTitle}` : ""),
        { subtle: true },
      ),
      { type: "TextBlock", text: entry.question, wrap: true, weight: "Bolder" },
      paragraph(plainText(entry.answer)),
    ],
  }));
  return adaptiveCard(
    [
      ...heading(ui.myReflections.title, { size: "Medium" }),
      paragraph(reflections.length > 0 ? ui.myReflections.intro : ui.myReflections.empty),
      ...entries,
    ],
    [
      ...(reflections.length > 0 ? [submit(ui.myReflections.download, { verb: "downloadMyReflections" })] : []),
      submit(ui.menu.title, { verb: "showMenu" }),
    ],
  );
}

/** A short-lived link to the reflections' PDF. */
export function myReflectionsDownloadCard(ui: UiText, url: string, minutes: number): AdaptiveCard {
  return adaptiveCard(
    [paragraph(fill(ui.myReflections.downloadReady, { minutes }))],
    [openUrl(ui.myReflections.downloadOpen, url), submit(ui.menu.title, { verb: "showMenu" })],
  );
}
