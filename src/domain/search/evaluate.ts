import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod/v4";
import { languages } from "../content/language";
import { materialTarget, type HelpSearch, type SearchHit } from "./help-search";

/**
 * The labelled query set (bench/search-queries.yaml) and how well the search does on it. Used by
 * `npm run bench:search` and by test/search/labelled-set.test.ts.
 */

export const defaultLabelledQueriesFile = path.resolve(__dirname, "../../../bench/search-queries.yaml");

const labelledQuerySchema = z.strictObject({
  language: z.enum(languages),
  query: z.string().trim().min(1),
  /** An article id, a theme step as "themeId/stepId", or "akut" for the emergency help first. */
  expect: z.string().regex(/^[a-z0-9-]+(?:\/[a-z0-9-]+)?$/, "must be an article id, themeId/stepId or akut"),
});

export type LabelledQuery = z.infer<typeof labelledQuerySchema>;

export function loadLabelledQueries(file = defaultLabelledQueriesFile): LabelledQuery[] {
  const parsed = z.array(labelledQuerySchema).safeParse(YAML.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - entry ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`${path.basename(file)} is not valid:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

/** The emergency help as a label in the query set. */
export const emergencyTarget = "akut";

/** "spara-bevis" for an article, "forbered-dig/spara-bevis" for a theme step, "akut" for the emergency help. */
export function hitTarget(hit: SearchHit): string {
  return hit.kind === "emergency" ? emergencyTarget : materialTarget(hit);
}

export interface QueryOutcome {
  query: LabelledQuery;
  /** 1-based position of the expected material in the results, or undefined when missing. */
  rank: number | undefined;
  found: string[];
}

export interface Evaluation {
  outcomes: QueryOutcome[];
  recallAt1: number;
  recallAt3: number;
  misses: QueryOutcome[];
}

export function evaluate(search: HelpSearch, queries: readonly LabelledQuery[]): Evaluation {
  const outcomes = queries.map((query) => {
    const found = search.search(query.language, query.query, 3).map(hitTarget);
    const index = found.indexOf(query.expect);
    return { query, found, rank: index === -1 ? undefined : index + 1 };
  });
  const share = (predicate: (o: QueryOutcome) => boolean) =>
    outcomes.length === 0 ? 0 : outcomes.filter(predicate).length / outcomes.length;
  return {
    outcomes,
    recallAt1: share((o) => o.rank === 1),
    recallAt3: share((o) => o.rank !== undefined && o.rank <= 3),
    misses: outcomes.filter((o) => o.rank === undefined),
  };
}
