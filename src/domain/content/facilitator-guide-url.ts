import type { Language } from "./language";

/** The printable facilitator guide for a theme, served by the bot (src/http/facilitator-guide-page.ts). */
export function facilitatorGuideUrl(publicBaseUrl: string, language: Language, themeId: string): string {
  return `${publicBaseUrl}/guide/${language}/${encodeURIComponent(themeId)}`;
}
