import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Language } from "../../src/domain/content/language";
import { loadHelpSearch } from "../../src/domain/search/build-help-search";
import { emergencyTarget, evaluate, hitTarget, loadLabelledQueries } from "../../src/domain/search/evaluate";
import { curatedArticleOrder, type SearchHit } from "../../src/domain/search/help-search";

const search = loadHelpSearch();
const targets = (language: Language, query: string) => search.search(language, query).map(hitTarget);

describe("help search", () => {
  const findsCases: Array<[Language, string, string]> = [
    ["sv", "någon hotar mig på facebook", "sociala-medier"],
    ["sv", "ska jag polisanmäla", "polisanmalan"],
    ["sv", "vad är sexuellt ofredande", "vilka-brott"],
    ["sv", "han skickar bilder hela tiden", "oonskade-bilder"],
    ["sv", "hur skyddar jag min adress", "skydda-adress"],
    ["sv", "jag vågar inte gå på mötet", "moten-och-offentliga-platser"],
    // Typed without å/ä/ö, misspelt, or as one word for two.
    ["sv", "nagon hotar mig pa facebook", "sociala-medier"],
    ["sv", "jag vagar inte ga pa motet", "moten-och-offentliga-platser"],
    ["sv", "polisanmälla", "polisanmalan"],
    ["sv", "sakerhetsansvarig", "sakerhetsansvarig"],
    // Theme steps are found too.
    ["sv", "vilka är förövarna", "forovarna/vad-vi-vet"],
    // English queries on English content.
    ["en", "someone threatens me on facebook", "sociala-medier"],
    ["en", "should I report it to the police", "polisanmalan"],
    ["en", "what is sexual molestation", "vilka-brott"],
    ["en", "he keeps sending me pictures", "oonskade-bilder"],
    ["en", "how do I protect my address", "skydda-adress"],
    ["en", "I'm scared to go to the meeting", "moten-och-offentliga-platser"],
    ["en", "who is the security oficer", "sakerhetsansvarig"],
  ];

  it.each(findsCases)("[%s] '%s' finds %s in the top 3", (language, query, expected) => {
    expect(targets(language, query)).toContain(expected);
  });

  const noMatchCases: Array<[Language, string]> = [
    ["sv", "recept på kanelbullar"],
    ["sv", "asdfgh"],
    ["sv", "vad tycker du om fotboll"],
    ["sv", "bästa pizzan i stan"],
    ["sv", "vad blir det för väder imorgon"],
    ["sv", "lösenord till wifi"],
    ["sv", "hej"],
    ["sv", ""],
    ["sv", "   ?!  "],
    ["en", "how do I bake bread"],
    ["en", "football results"],
    ["en", "weather tomorrow"],
    ["en", "asdfgh"],
  ];

  it.each(noMatchCases)("[%s] '%s' honestly finds nothing", (language, query) => {
    expect(search.search(language, query)).toEqual([]);
  });

  it("answers in the language asked: English content for English queries", () => {
    const [hit] = search.search("en", "how to save screenshots as evidence");
    expect(hit).toMatchObject({ kind: "article", id: "spara-bevis", title: "Saving evidence" });
    const [svHit] = search.search("sv", "spara skärmdumpar som bevis");
    expect(svHit).toMatchObject({ kind: "article", id: "spara-bevis", title: "Spara bevis" });
  });

  it("treats upper case and missing å/ä/ö like the real thing", () => {
    expect(targets("sv", "HUR SKYDDAR JAG MIN ADRESS")).toEqual(targets("sv", "hur skyddar jag min adress"));
    expect(targets("sv", "vad ar sexuellt ofredande")).toEqual(targets("sv", "vad är sexuellt ofredande"));
  });

  it("never returns more than 3 results by default, nor more than the limit asked for", () => {
    expect(search.search("sv", "hot hat polisen bevis skärmdump familj möte").length).toBe(3);
    expect(search.search("sv", "hot", 1)).toHaveLength(1);
    expect(search.search("sv", "hot", 0)).toEqual([]);
    const allWords = readFileSync(path.join(__dirname, "../../content/sv/articles/polisanmalan.md"), "utf8")
      .split(/\s+/)
      .slice(0, 60);
    fc.assert(
      fc.property(
        fc.constantFrom<Language>("sv", "en"),
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.array(fc.constantFrom(...allWords), { maxLength: 12 }).map((w) => w.join(" ")),
        ),
        (language, query) => {
          const hits = search.search(language, query);
          expect(hits.length).toBeLessThanOrEqual(3);
          expect(new Set(hits.map(hitTarget)).size).toBe(hits.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives article and theme-step hits a title and an excerpt of about two lines, cut at a word", () => {
    const hits: SearchHit[] = [
      ...search.search("sv", "förövarna okänd anonym", 10),
      ...search.search("sv", "skärmdump bevis polisanmälan", 10),
      ...search.search("en", "evidence screenshots perpetrators", 10),
    ];
    expect(hits.some((h) => h.kind === "article")).toBe(true);
    expect(hits.some((h) => h.kind === "themeStep")).toBe(true);
    for (const hit of hits) {
      expect(hit.title.length).toBeGreaterThan(0);
      expect(hit.excerpt.length).toBeGreaterThan(20);
      expect(hit.excerpt.length).toBeLessThanOrEqual(141);
      expect(hit.excerpt).not.toMatch(/\*\*|\]\(|^\s*- /);
      if (hit.excerpt.endsWith("…")) expect(hit.excerpt).toMatch(/[\p{L}\p{N}.!?)]…$/u);
    }
  });

  it("offers the curated articles for an empty query, or the most used when usage is known", () => {
    expect(search.topArticles("sv", 3).map(hitTarget)).toEqual(curatedArticleOrder.slice(0, 3));
    expect(search.topArticles("en", 2)[0]).toMatchObject({ kind: "article", id: curatedArticleOrder[0] });
    const usage = new Map([
      ["familjen", 12],
      ["ditt-maende", 30],
    ]);
    expect(search.topArticles("sv", 3, usage).map(hitTarget)).toEqual([
      "ditt-maende",
      "familjen",
      curatedArticleOrder[0],
    ]);
    expect(search.topArticles("sv", 1, { "skydda-adress": 4 }).map(hitTarget)).toEqual(["skydda-adress"]);
    expect(search.topArticles("sv", 100)).toHaveLength(curatedArticleOrder.length);
  });

  it("answers a query well under 5 ms once built", () => {
    const queries = findsCases.map(([language, query]) => [language, query] as const);
    const times: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const [language, query] of queries) {
        const start = performance.now();
        search.search(language, query);
        times.push(performance.now() - start);
      }
    }
    times.sort((a, b) => a - b);
    // Generous, to stay steady on a busy CI machine; `npm run bench:search` measures properly.
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(5);
  });
});

describe("questions in the user's own words (bench/search-queries.yaml)", () => {
  const result = evaluate(search, loadLabelledQueries());
  const wrong = (rank: number) =>
    result.outcomes
      .filter((o) => o.rank === undefined || o.rank > rank)
      .map((o) => `[${o.query.language}] ${o.query.query} -> ${o.query.expect}; ${o.found.join(", ")}`)
      .join("\n");

  it("puts the labelled material first for at least 9 questions in 10", () => {
    expect(result.recallAt1, `not first:\n${wrong(1)}`).toBeGreaterThanOrEqual(0.9);
  });

  it("has the labelled material in the top 3 for at least 97 % of the questions", () => {
    expect(result.recallAt3, `not in the top 3:\n${wrong(3)}`).toBeGreaterThanOrEqual(0.97);
  });
});

describe("a question that describes a threat of harm or violence", () => {
  it.each<[Language, string]>([
    ["sv", "någon hotar att skada mig"],
    ["sv", "nagon hotar att skada mig"],
    ["sv", "han skrev att han ska döda mig"],
    ["sv", "jag fick ett dödshot"],
    ["en", "someone threatens to hurt me"],
    ["en", "he said he would kill me"],
  ])("[%s] %j leads with the emergency help, then the material", (language, query) => {
    const hits = search.search(language, query);
    expect(hits[0]).toMatchObject({ kind: "emergency" });
    expect(hitTarget(hits[0])).toBe(emergencyTarget);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits.slice(1).every((hit) => hit.kind !== "emergency")).toBe(true);
  });

  it.each<[Language, string]>([
    ["sv", "mina döttrar har fått hot"],
    ["sv", "hur sparar jag skärmbilder"],
    ["sv", "vad är olaga hot"],
    ["en", "how do I save screenshots"],
  ])("[%s] %j is answered with the material alone", (language, query) => {
    expect(search.search(language, query).some((hit) => hit.kind === "emergency")).toBe(false);
  });
});

describe("search module boundaries", () => {
  it("is domain code: nothing in src/search imports the Bot Framework or Teams AI", () => {
    const dir = path.join(__dirname, "../../src/domain/search");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(path.join(dir, file), "utf8");
      expect(source, file).not.toMatch(/from ["'](botbuilder|@microsoft\/teams-ai)/);
    }
  });
});
