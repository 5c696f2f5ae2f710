import type { ContentCatalog } from "../domain/content/content-catalog";
import type { Theme } from "../domain/content/content-schema";
import type { Language } from "../domain/content/language";
import { fill, type UiText } from "../domain/content/ui-text-schema";
import type { SearchHit } from "../domain/search/help-search";
import {
  actionSet,
  adaptiveCard,
  heading,
  paragraph,
  submit,
  type AdaptiveCard,
  type CardElement,
} from "./adaptive-card";
import { plainText } from "./plain-text";

/** The best one to three answers to a question typed in the user's own words, or an honest "nothing". */
export function searchResultsCard(
  ui: UiText,
  language: Language,
  question: string,
  hits: SearchHit[],
  themeOf: (themeId: string) => Theme | undefined,
): AdaptiveCard {
  const asked = paragraph(fill(ui.search.youAsked, { question: `”${plainText(question.slice(0, 200))}”` }), {
    subtle: true,
  });
  if (hits.length === 0) {
    return adaptiveCard(
      [asked, ...heading(ui.search.noMatchTitle, { size: "Medium" }), paragraph(ui.search.noMatch)],
      [
        submit(ui.menu.title, { verb: "showMenu" }),
        submit(ui.search.emergency, { verb: "runCommand", command: "emergency", language }),
      ],
    );
  }
  return adaptiveCard(
    [asked, paragraph(ui.search.intro), ...hits.map((hit) => hitEntry(ui, language, hit, themeOf))],
    [submit(ui.menu.title, { verb: "showMenu" })],
  );
}

function hitEntry(
  ui: UiText,
  language: Language,
  hit: SearchHit,
  themeOf: (themeId: string) => Theme | undefined,
): CardElement {
  const button =
    hit.kind === "article"
      ? submit(ui.search.readArticle, { verb: "openArticle", articleId: hit.id }, "positive")
      : hit.kind === "themeStep"
        ? submit(ui.search.openStep, { verb: "openTheme", themeId: hit.themeId, stepId: hit.stepId })
        : // The emergency help opens for everyone, licensed or not, like `akut` typed.
          submit(ui.search.emergency, { verb: "runCommand", command: "emergency", language }, "positive");
  return {
    type: "Container",
    separator: true,
    spacing: "Medium",
    items: [
      ...(hit.kind === "themeStep" ? [paragraph(fromLine(ui, hit.themeId, themeOf), { subtle: true })] : []),
      { type: "TextBlock", text: hit.title, wrap: true, weight: "Bolder" },
      // Two lines, as the excerpt is meant to be read at a glance.
      { type: "TextBlock", text: hit.excerpt, wrap: true, maxLines: 2 },
      actionSet([button]),
    ],
  };
}

/** "From the theme …" for a theme's step, "From …" for a path's: a path is not one of the themes. */
function fromLine(ui: UiText, themeId: string, themeOf: (themeId: string) => Theme | undefined): string {
  const theme = themeOf(themeId);
  return fill(theme?.kind === "path" ? ui.search.fromPath : ui.search.fromTheme, { theme: theme?.title ?? themeId });
}

/** A help article in full. */
export function articleCard(
  ui: UiText,
  content: ContentCatalog,
  language: Language,
  articleId: string,
): AdaptiveCard | undefined {
  const article = content.article(language, articleId);
  if (!article) return undefined;
  const related = article.relatedTheme ? content.theme(language, article.relatedTheme) : undefined;
  return adaptiveCard(
    [
      ...heading(article.title, { size: "Medium" }),
      ...article.body
        .split(/\n\s*\n/)
        .filter((b) => b.trim())
        .map((b) => paragraph(b.trim())),
    ],
    [
      ...(related
        ? [submit(`${ui.article.relatedTheme}: ${related.title}`, { verb: "openTheme", themeId: related.id })]
        : []),
      submit(ui.article.backToMenu, { verb: "showMenu" }),
    ],
  );
}
