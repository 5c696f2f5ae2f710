import { defaultContentDir, defaultPublicDir, loadContent, type ContentCatalog } from "../content/content-catalog";
import { languages, type Language } from "../content/language";
import type { HelpArticle } from "../content/article-schema";
import { loadArticles } from "../content/load-articles";
import { HelpSearch } from "./help-search";

/** Builds the search from a content catalog and the articles already loaded. */
export function helpSearchFrom(
  catalog: Pick<ContentCatalog, "themes">,
  articles: Readonly<Record<Language, readonly HelpArticle[]>>,
): HelpSearch {
  const themes = Object.fromEntries(languages.map((language) => [language, catalog.themes(language)]));
  return new HelpSearch({ articles, themes: themes as Record<Language, ReturnType<ContentCatalog["themes"]>> });
}

/** Loads the content pack from disk and builds the search; throws ContentError on bad content. */
export function loadHelpSearch(contentDir = defaultContentDir, publicDir = defaultPublicDir): HelpSearch {
  return helpSearchFrom(loadContent(contentDir, publicDir), loadArticles(contentDir));
}
