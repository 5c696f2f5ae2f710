import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { loadContent } from "../../src/domain/content/content-catalog";
import { loadArticles } from "../../src/domain/content/load-articles";
import { problemsOfLoading, useContentCopies } from "../support/content-copies";

const requiredIds = [
  "spara-bevis",
  "polisanmalan",
  "vilka-brott",
  "skydda-adress",
  "hot-telefon-brev",
  "sociala-medier",
  "moten-och-offentliga-platser",
  "familjen",
  "kollegor-och-partiet",
  "ditt-maende",
  "sakerhetsansvarig",
  "oonskade-bilder",
];

const articleFile = "sv/articles/spara-bevis.md";
type FrontMatter = Record<string, unknown>;

const copies = useContentCopies();
const copyOfContent = () => copies.copy().contentDir;
const problemsOf = (contentDir: string) => problemsOfLoading(() => loadArticles(contentDir));

/** A copy of the real content with one article's front matter and body changed; returns the problems. */
function problemsAfter(edit: (frontMatter: FrontMatter, body: string) => string | void, file = articleFile): string[] {
  const contentDir = copyOfContent();
  const target = path.join(contentDir, file);
  const [, yaml, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readFileSync(target, "utf8"))!;
  const frontMatter = YAML.parse(yaml) as FrontMatter;
  const newBody = edit(frontMatter, body) ?? body;
  writeFileSync(target, `---\n${YAML.stringify(frontMatter)}---\n${newBody}`);
  return problemsOf(contentDir);
}

describe("help articles", () => {
  const articles = loadArticles();

  it("loads the articles that ship with the bot, with the same ids in every language", () => {
    const svIds = articles.sv.map((a) => a.id);
    expect(svIds.length).toBeGreaterThanOrEqual(12);
    expect(svIds).toEqual(expect.arrayContaining(requiredIds));
    expect(articles.en.map((a) => a.id)).toEqual(svIds);
  });

  it("keeps every article short, linked to real themes and searchable", () => {
    const themeIds = loadContent()
      .themes("sv")
      .map((t) => t.id);
    for (const article of [...articles.sv, ...articles.en]) {
      const words = article.body.split(/\s+/).length;
      expect(words, article.id).toBeGreaterThanOrEqual(100);
      expect(words, article.id).toBeLessThanOrEqual(260);
      expect(article.keywords.length, article.id).toBeGreaterThanOrEqual(10);
      if (article.relatedTheme) expect(themeIds).toContain(article.relatedTheme);
      for (const [, number] of article.body.matchAll(/\]\(tel:([^)]*)\)/g)) {
        expect(["112", "11414", "116006", "020505050", "90101", "1177"]).toContain(number);
      }
    }
  });

  it("writes Swedish keywords both with and without å/ä/ö", () => {
    for (const article of articles.sv) {
      const plain = article.keywords.filter((k) => !/[åäö]/.test(k));
      expect(plain.length, article.id).toBeGreaterThan(0);
    }
  });

  const brokenCases: Array<[string, (fm: FrontMatter, body: string) => string | void, RegExp]> = [
    ["a missing title", (fm) => void delete fm.title, /^content\/sv\/articles\/spara-bevis\.md: field title: /],
    [
      "a relatedTheme no theme has",
      (fm) => void (fm.relatedTheme = "finns-inte"),
      /^content\/sv\/articles\/spara-bevis\.md: field relatedTheme: no theme has the id 'finns-inte'/,
    ],
    ["an empty body", () => "\n   \n", /^content\/sv\/articles\/spara-bevis\.md: field body: must not be empty/],
    ["keywords that are not a list", (fm) => void (fm.keywords = "bevis"), /spara-bevis\.md: field keywords: /],
    ["an unknown field", (fm) => void (fm.author = "Anna"), /spara-bevis\.md: .*author/],
    [
      "an id that is not the file name",
      (fm) => void (fm.id = "spara-allt"),
      /spara-bevis\.md: field id: must be the same as the file name/,
    ],
    [
      "a heading in the body",
      (_fm, body) => `## Rubrik\n\n${body}`,
      /spara-bevis\.md: field body: must not contain headings/,
    ],
    [
      "an http link",
      (_fm, body) => `${body}\n[Läs mer](http://example.com)`,
      /spara-bevis\.md: field body: link 'http:\/\/example.com' must be an https:\/\/ or tel: link/,
    ],
  ];

  it.each(brokenCases)("names the file and field for %s", (_name, edit, expected) => {
    const problems = problemsAfter(edit);
    expect(problems).toEqual([expect.stringMatching(expected)]);
  });

  it("names a file without front matter", () => {
    const contentDir = copyOfContent();
    writeFileSync(path.join(contentDir, articleFile), "Bara text, ingen front matter.\n");
    expect(problemsOf(contentDir)).toEqual([
      expect.stringMatching(/^content\/sv\/articles\/spara-bevis\.md: front matter is missing/),
    ]);
  });

  it("names front matter that is not valid YAML", () => {
    const contentDir = copyOfContent();
    writeFileSync(path.join(contentDir, articleFile), "---\ntitle: [inte klar\n---\nText.\n");
    expect(problemsOf(contentDir)).toEqual([
      expect.stringMatching(/^content\/sv\/articles\/spara-bevis\.md: front matter is not valid YAML/),
    ]);
  });

  it("rejects an article that exists in one language only", () => {
    const contentDir = copyOfContent();
    unlinkSync(path.join(contentDir, "en/articles/familjen.md"));
    expect(problemsOf(contentDir)).toEqual(["en: article 'familjen' exists in sv but not in en"]);
  });

  it("lists every problem at once", () => {
    const contentDir = copyOfContent();
    for (const language of ["sv", "en"]) {
      const file = path.join(contentDir, language, "articles/ditt-maende.md");
      writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, "title: ''"));
    }
    expect(problemsOf(contentDir)).toEqual([
      expect.stringMatching(/^content\/sv\/articles\/ditt-maende\.md: field title: must not be empty/),
      expect.stringMatching(/^content\/en\/articles\/ditt-maende\.md: field title: must not be empty/),
    ]);
  });
});
