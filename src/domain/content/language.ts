/** The languages the bot speaks. Swedish is the default; English for Teams clients set to English. */
export const languages = ["sv", "en"] as const;
export type Language = (typeof languages)[number];

/** Teams sends the client's locale (e.g. "en-GB", "sv-SE"); anything not English gets Swedish. */
export function languageFromLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith("en") ? "en" : "sv";
}

export function isLanguage(value: string): value is Language {
  return (languages as readonly string[]).includes(value);
}
