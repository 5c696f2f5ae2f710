import { z } from "zod/v4";
import { articleIdSchema } from "./article-schema";

/**
 * content/<lang>/search-synonyms.yaml: how people say things the material says otherwise. Lets a
 * content editor teach the search a word or a phrase without touching an article or any code.
 */
const text = z.preprocess((value) => (typeof value === "number" ? String(value) : value), z.string().trim().min(1));
const singleWord = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}]+$/u, "must be a single word (use `articles` for phrases)");

export const searchSynonymsSchema = z.strictObject({
  /** A word as typed → the word or words the material uses for it ("kåta" → "sexuella"). */
  words: z.record(singleWord, text).default({}),
  /** Phrases people type for an article, searched like the article's own keywords. */
  articles: z.record(articleIdSchema, z.array(text).min(1)).default({}),
});

export type SearchSynonyms = z.infer<typeof searchSynonymsSchema>;
