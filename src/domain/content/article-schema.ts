import { z } from "zod/v4";

/**
 * The shape of a help article (content/<lang>/articles/<slug>.md): YAML front matter between two
 * `---` lines, then a Markdown body. Content editors write these files; this schema tells them, at
 * start-up and in `npm run content:check`, what a file must hold.
 */

const nonEmptyText = z.string().trim().min(1, "must not be empty");

/** Same slug rule as theme and step ids, and the file name must be `<id>.md`. */
export const articleIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case letters, digits and dashes (e.g. 'spara-bevis')");

/** Cards show the summary as an excerpt, so it must stay short: one or two sentences. */
const maxSummaryLength = 300;
/** An article should fit on a card without endless scrolling. */
const maxBodyWords = 350;

/** YAML reads `11414` as a number; a keyword is always text. */
const keyword = z.preprocess((value) => (typeof value === "number" ? String(value) : value), nonEmptyText);

export const articleFrontMatterSchema = z.strictObject({
  id: articleIdSchema,
  title: nonEmptyText,
  summary: nonEmptyText.max(maxSummaryLength, `must be at most ${maxSummaryLength} characters (one or two sentences)`),
  /** Words and phrases people actually type, misspellings and words without å/ä/ö included. */
  keywords: z.array(keyword, "must be a list of words and phrases").min(1, "must list at least one keyword"),
  /** The id of a theme the article belongs with, if any. */
  relatedTheme: articleIdSchema.optional(),
});

/** Lines Adaptive Cards cannot render: headings, tables and HTML. */
const unsupportedMarkdown: Array<[RegExp, string]> = [
  [/^\s{0,3}#{1,6}\s/m, "must not contain headings (# ...); use **bold** text instead"],
  [/^\s*\|.*\|\s*$/m, "must not contain tables"],
  [/<\/?[a-z][^>]*>/i, "must not contain HTML"],
];

export const articleBodySchema = nonEmptyText.superRefine((body, ctx) => {
  for (const [pattern, message] of unsupportedMarkdown) {
    if (pattern.test(body)) ctx.addIssue({ code: "custom", message });
  }
  for (const match of body.matchAll(/\]\(([^)\s]*)\)/g)) {
    if (!/^(https:\/\/|tel:\+?[0-9]+$)/.test(match[1])) {
      ctx.addIssue({ code: "custom", message: `link '${match[1]}' must be an https:// or tel: link` });
    }
  }
  const words = body.split(/\s+/).filter(Boolean).length;
  if (words > maxBodyWords) {
    ctx.addIssue({ code: "custom", message: `has ${words} words; keep it to at most ${maxBodyWords}` });
  }
});

export const articleSchema = articleFrontMatterSchema.extend({ body: articleBodySchema });

export type ArticleFrontMatter = z.infer<typeof articleFrontMatterSchema>;

/** A help article as the bot uses it: front matter plus the Markdown body. */
export type HelpArticle = z.infer<typeof articleSchema>;
