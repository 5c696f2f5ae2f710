import { describe, expect, it } from "vitest";
import { languages } from "../../src/domain/content/language";
import { loadContent } from "../../src/domain/content/content-catalog";
import { loadArticles } from "../../src/domain/content/load-articles";
import { helpSearchFrom } from "../../src/domain/search/build-help-search";
import { emergencyTarget, evaluate, loadLabelledQueries } from "../../src/domain/search/evaluate";

/** The same labelled set as `npm run bench:search`, checked for behaviour only (no timing). */
describe("labelled search queries (bench/search-queries.yaml)", () => {
  const catalog = loadContent();
  const articles = loadArticles();
  const search = helpSearchFrom(catalog, articles);
  const queries = loadLabelledQueries();

  it("is a real set: at least 60 queries, in both languages", () => {
    expect(queries.length).toBeGreaterThanOrEqual(60);
    for (const language of languages) expect(queries.some((q) => q.language === language)).toBe(true);
  });

  it("labels only material that exists", () => {
    for (const { language, expect: target } of queries) {
      if (target === emergencyTarget) continue;
      const [first, stepId] = target.split("/");
      const exists = stepId
        ? catalog.theme(language, first)?.steps.some((s) => s.id === stepId)
        : articles[language].some((a) => a.id === first);
      expect(exists, `${language}: ${target}`).toBe(true);
    }
  });

  it("finds the labelled material in the top 3 for at least 90 % of the queries", () => {
    const result = evaluate(search, queries);
    const misses = result.misses.map((m) => `[${m.query.language}] ${m.query.query} -> ${m.query.expect}`);
    expect(result.recallAt3, `missed:\n${misses.join("\n")}`).toBeGreaterThanOrEqual(0.9);
  });
});
