import type { Language } from "./language";

/**
 * Dates and times as the user reads them: in their language, and always in Swedish time, whatever
 * the server's time zone. Every card and file that shows a moment formats it here.
 */
export function formatDateTime(language: Language, date: Date): string {
  return formatter(language, { dateStyle: "long", timeStyle: "short" }).format(date);
}

export function formatDate(language: Language, date: Date, dateStyle: "long" | "medium" = "long"): string {
  return formatter(language, { dateStyle }).format(date);
}

function formatter(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "sv-SE", { ...options, timeZone: "Europe/Stockholm" });
}
