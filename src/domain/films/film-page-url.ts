import type { Language } from "../content/language";

/** The bot's own film player page: one per film step and language (src/http/film-player-page.ts). */
export function filmPagePath(language: Language, themeId: string, stepId: string): string {
  return `/film/${language}/${encodeURIComponent(themeId)}/${encodeURIComponent(stepId)}`;
}
