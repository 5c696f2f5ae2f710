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
  .regex(/^[\p{L}\p{N}]+$/u, "must be a single word (use `articles` or `steps` for phrases)");
/** A theme step as "themeId/stepId", the way the labelled search queries name it. */
const stepKey = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a theme step as 'themeId/stepId'");

export const searchSynonymsSchema = z.strictObject({
  /** A word as typed → the word or words the material uses for it ("kåta" → "sexuella"). */
  words: z.record(singleWord, text).default({}),
  /** Phrases people type for an article, searched like the article's own keywords. */
  articles: z.record(articleIdSchema, z.array(text).min(1)).default({}),
  /**
   * Phrases people type for a theme step ("themeId/stepId"), searched like an article's keywords.
   * Theme texts have no keyword list of their own; this keeps their files about what they teach.
   */
  steps: z.record(stepKey, z.array(text).min(1)).default({}),
});

export type SearchSynonyms = z.infer<typeof searchSynonymsSchema>;
