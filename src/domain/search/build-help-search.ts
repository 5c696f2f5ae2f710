import { defaultContentDir, defaultPublicDir, loadContent, type ContentCatalog } from "../content/content-catalog";
import { languages, type Language } from "../content/language";
import type { HelpArticle } from "../content/article-schema";
import { loadArticles } from "../content/load-articles";
import { HelpSearch } from "./help-search";

/** Builds the search from a content catalog and the articles already loaded. */
export function helpSearchFrom(
  catalog: Pick<ContentCatalog, "themes" | "paths" | "searchSynonyms" | "emergency">,
  articles: Readonly<Record<Language, readonly HelpArticle[]>>,
): HelpSearch {
  const perLanguage = <T>(of: (language: Language) => T) =>
    Object.fromEntries(languages.map((language) => [language, of(language)])) as Record<Language, T>;
  return new HelpSearch({
    articles,
    // The paths' steps are found like the themes' steps.
    themes: perLanguage((language) => [...catalog.themes(language), ...catalog.paths(language)]),
    synonyms: perLanguage((language) => catalog.searchSynonyms(language)),
    emergencyLead: perLanguage((language) => catalog.emergency(language).searchLead),
  });
}

/** Loads the content pack from disk and builds the search; throws ContentError on bad content. */
export function loadHelpSearch(contentDir = defaultContentDir, publicDir = defaultPublicDir): HelpSearch {
  return helpSearchFrom(loadContent(contentDir, publicDir), loadArticles(contentDir));
}
