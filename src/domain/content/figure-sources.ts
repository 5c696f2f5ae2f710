import type { Language } from "./language";

/**
 * Every figure in the material names its source beside it: in the same paragraph, as "(Källa: …)", or on
 * the source line right under it ("_Källa: …_"). The bot refuses to start on a figure without one.
 */

/** A percentage, or a proportion written with digits ("3 av 10", "3 of 10", "1 in 10"). */
export const figurePattern = /\d\s?(%|procent\b|per cent\b|percent\b)|\d+ (av|of|in) \d+/i;

const sourceMarker: Record<Language, RegExp> = { sv: /käll(a|or):/i, en: /sources?:/i };
const sourceLine: Record<Language, RegExp> = { sv: /^[_*(]*Käll(a|or):/, en: /^[_*(]*Sources?:/ };

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);

/** The items of a list, each on its own: one item's source does not cover another item's figure. */
const listItems = (paragraph: string) => paragraph.split(/\n(?=\s*(?:[-*]|\d+\.)\s)/);

/**
 * The paragraphs (or list items) of a text that give a figure with no source beside it, each as its first
 * words. A source line right under a paragraph or a list covers all of it.
 */
export function unsourcedFigures(text: string, language: Language): string[] {
  const blocks = paragraphs(text);
  return blocks.flatMap((block, i) => {
    if (sourceLine[language].test(blocks[i + 1] ?? "")) return [];
    return listItems(block)
      .filter((item) => figurePattern.test(item) && !sourceMarker[language].test(item))
      .map((item) => `a figure without its source beside it: "${item.slice(0, 60)}…"`);
  });
}

/** Every string in a parsed YAML document, with where it stands ("about.body", "parts.2.note"). */
export function textsOf(value: unknown, at = ""): Array<{ at: string; text: string }> {
  if (typeof value === "string") return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => textsOf(item, at ? `${at}.${index}` : `${index}`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, item]) => textsOf(item, at ? `${at}.${key}` : key));
  return [];
}
