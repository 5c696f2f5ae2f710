import type { Theme } from "../domain/content/content-schema";
import { fill, type UiText } from "../domain/content/ui-text-schema";
import { adaptiveCard, heading, paragraph, submit, type AdaptiveCard } from "./adaptive-card";

/** After the last step: the theme is done, and the menu is one tap away. */
export function themeDoneCard(ui: UiText, theme: Theme): AdaptiveCard {
  const isPath = theme.kind === "path";
  return adaptiveCard(
    [
      ...heading(`✓ ${isPath ? ui.themeDone.pathTitle : ui.themeDone.title}`, { size: "Medium" }),
      paragraph(fill(isPath ? ui.themeDone.pathBody : ui.themeDone.body, { theme: theme.title })),
      { type: "TextBlock", text: ui.themeDone.sources, wrap: true, weight: "Bolder" },
      paragraph(theme.sources.map((source) => `- ${source}`).join("\n")),
    ],
    [submit(ui.themeDone.toMenu, { verb: "showMenu" }, "positive")],
  );
}
