import { z } from "zod/v4";

/**
 * Phrases in the content that route a typed message (to the emergency help, the crisis card, or to
 * the emergency help first among search answers). People type these in a hurry, on a phone, perhaps
 * shaking: a phrase matches in any case, with or without å/ä/ö and apostrophes, and only on whole
 * words, so "jag vill dö" never matches "jag vill döda". A phrase ending in `*` lets its last word
 * go on, for Swedish compounds: "självmord*" matches "självmordstankar".
 */

/** Lower case, accents (å/ä/ö) folded, apostrophes dropped ("can't" = "cant"), other punctuation a space. */
export function foldForMatching(text: string): string {
  return text
    .toLocaleLowerCase("sv-SE")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['’`´]/g, "")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export const triggerPhraseSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .refine((phrase) => foldForMatching(phrase.replace(/\*$/, "")).length > 0, "must contain a word")
  .refine((phrase) => !phrase.slice(0, -1).includes("*"), "may only use * at its very end");

export const triggerPhrasesSchema = z.array(triggerPhraseSchema).min(1, "must list at least one phrase");

/** Where in a message a phrase must stand. */
export type PhrasePlace = "opening" | "anywhere";

export class PhraseList {
  private readonly patterns: RegExp[];

  constructor(phrases: readonly string[], place: PhrasePlace) {
    this.patterns = phrases.map((phrase) => {
      const open = phrase.endsWith("*");
      const words = foldForMatching(open ? phrase.slice(0, -1) : phrase);
      // The folded message holds only letters, digits and single spaces, so a space is a word boundary.
      const start = place === "opening" ? "^" : "(?:^| )";
      return new RegExp(`${start}${escape(words)}${open ? "[\\p{L}\\p{N}]*" : ""}(?= |$)`, "u");
    });
  }

  /** Whether a message, folded with foldForMatching, holds one of the phrases where they must stand. */
  matchesFolded(folded: string): boolean {
    return this.patterns.some((pattern) => pattern.test(folded));
  }

  matches(text: string): boolean {
    return this.matchesFolded(foldForMatching(text));
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
