import { create, insert, search as oramaSearch, type Orama, type Results, type Tokenizer } from "@orama/orama";
import type { HelpArticle } from "../content/article-schema";
import type { Theme, Step } from "../content/content-schema";
import { languages, type Language } from "../content/language";
import type { SearchSynonyms } from "../content/search-synonyms-schema";
import { PhraseList } from "../content/trigger-phrases";
import { queryTerms, synonymKey, terms, type WordSynonyms } from "./analyzer";
import { excerpt } from "./excerpt";

/**
 * Search over the help articles and the steps of the themes, one index per language, built once at
 * start. Domain code only: no Teams or Bot Framework types.
 */

export type SearchHit =
  | { kind: "article"; id: string; title: string; excerpt: string }
  | { kind: "themeStep"; themeId: string; stepId: string; title: string; excerpt: string }
  /** The emergency help, first for a question that describes a threat of harm or violence. */
  | { kind: "emergency"; title: string; excerpt: string };

/** A hit on the indexed material: an article or a theme step. */
export type MaterialHit = Exclude<SearchHit, { kind: "emergency" }>;

/** When the emergency help leads the answers (content/<lang>/akut.yaml, `searchLead`). */
export interface EmergencyLead {
  phrases: readonly string[];
  title: string;
  excerpt: string;
}

export interface HelpSearchContent {
  articles: Readonly<Record<Language, readonly HelpArticle[]>>;
  themes: Readonly<Record<Language, readonly Theme[]>>;
  synonyms?: Readonly<Record<Language, SearchSynonyms>>;
  emergencyLead?: Readonly<Record<Language, EmergencyLead>>;
}

/** How often each article has been opened, by article id. */
export type UsageCounts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/** The order of articles for an empty query when there are no usage figures: the most urgent first. */
export const curatedArticleOrder: readonly string[] = [
  "polisanmalan",
  "spara-bevis",
  "sociala-medier",
  "sakerhetsansvarig",
  "vilka-brott",
  "ditt-maende",
  "oonskade-bilder",
  "hot-telefon-brev",
  "skydda-adress",
  "moten-och-offentliga-platser",
  "familjen",
  "kollegor-och-partiet",
];

/**
 * Tuning. Title and keywords say most about what a text is for; the theme title (context) and a
 * step's aside (film transcript, reflection question) are only hints. A term found exactly counts fully, one the query word is the start of ("hot" in
 * "hotbrev") a little less, and one only found with a typo tolerated less again.
 */
const boost = { title: 3, keywords: 2.5, summary: 1.5, body: 1, aside: 0.5, context: 0.5 } as const;
const matchWeight = { exact: 1, prefix: 0.8, partial: 0.7, fuzzy: 0.5 } as const;
/**
 * "kollegan" may fall back on "kolleg", but "hatet" not on "hat", and "skolmaten" not on "skol":
 * the known word must be at least 4 letters and most of the word typed.
 */
const minPartialLength = 4;
const minCompoundTail = 3;
const minPartialShare = 0.6;
/** A query must be mostly about something the content covers, and a hit must match a fair part of it. */
const minQueryCoverage = 0.5;
const minHitCoverage = 0.3;
const minScore = 0.05;
/** BM25 with weaker length normalisation: keyword lists are long, and theme steps have none. */
const relevance = { k: 1.2, b: 0.4, d: 0.5 };
/**
 * Orama divides a term's frequency by the field's length, so a word in a long keyword list counts
 * for little next to the same word repeated in a body. A text whose title or keywords name the word
 * is about it: that earns a fixed share on top, whatever the list's length.
 */
const labelBonus = 0.5;

const warmUpQueries = ["hot polisanmälan skärmdump", "threatening messages evidence", "kanelbullar asdfgh"];

const oramaSchema = {
  title: "string",
  keywords: "string",
  summary: "string",
  body: "string",
  aside: "string",
  context: "string",
} as const;

type OramaIndex = Orama<typeof oramaSchema>;

interface IndexedDoc {
  hit: SearchHit;
  /** Every term of the document, for telling exact, prefix and typo matches apart. */
  terms: ReadonlySet<string>;
  termList: readonly string[];
  /** The terms of its title and keywords: what the text says it is about. */
  labelTerms: ReadonlySet<string>;
}

interface LanguageIndex {
  orama: OramaIndex;
  synonyms: WordSynonyms;
  emergency?: { phrases: PhraseList; hit: SearchHit };
  docs: Map<string, IndexedDoc>;
  articles: Map<string, SearchHit>;
  /** Every term in the index. */
  vocabulary: Set<string>;
}

/**
 * Typos tolerated: none in short words, where one changed letter makes another word, and one in
 * longer words. Two cost several times more time and found nothing more in the labelled set; long
 * words typed differently are caught by the longest-known-prefix fallback instead.
 */
function toleranceFor(term: string): number {
  return term.length <= 4 ? 0 : 1;
}

function tokenizerFor(language: Language): Tokenizer {
  return {
    language: language === "sv" ? "swedish" : "english",
    normalizationCache: new Map(),
    tokenize: (raw: string) => (typeof raw === "string" ? terms(language, raw) : []),
  };
}

/**
 * What a step teaches, and what only goes with it: a film's transcript retells the theme in passing,
 * and a reflection question asks rather than answers, so both say less about what the step is for.
 */
function stepText(step: Step): { body: string; aside: string } {
  switch (step.type) {
    case "text":
      return { body: step.body, aside: "" };
    case "film":
      return { body: step.body ?? "", aside: step.film.transcript };
    case "reflection":
      return { body: step.body ?? "", aside: step.question };
  }
}

function stepExcerpt(step: Step): string {
  switch (step.type) {
    case "text":
      return excerpt(step.body);
    case "film":
      return excerpt(step.body ?? step.film.transcript);
    case "reflection":
      return excerpt(step.question);
  }
}

function hitKey(hit: MaterialHit): string {
  return hit.kind === "article" ? `article:${hit.id}` : `step:${materialTarget(hit)}`;
}

/** How content names a hit: the article id, or a theme step as "themeId/stepId". */
export function materialTarget(hit: MaterialHit): string {
  return hit.kind === "article" ? hit.id : `${hit.themeId}/${hit.stepId}`;
}

function usageOf(usage: UsageCounts | undefined, id: string): number {
  if (!usage) return 0;
  const count = usage instanceof Map ? usage.get(id) : (usage as Readonly<Record<string, number>>)[id];
  return typeof count === "number" && Number.isFinite(count) ? count : 0;
}

export class HelpSearch {
  private readonly indexes: Record<Language, LanguageIndex>;

  constructor(content: HelpSearchContent) {
    this.indexes = Object.fromEntries(
      languages.map((language) => [
        language,
        buildIndex(
          language,
          content.articles[language] ?? [],
          content.themes[language] ?? [],
          content.synonyms?.[language],
          content.emergencyLead?.[language],
        ),
      ]),
    ) as Record<Language, LanguageIndex>;
    // The first queries through a fresh index are several times slower while the engine warms up;
    // take that cost at start-up rather than on someone's first question.
    for (const language of languages) {
      for (const query of warmUpQueries) this.search(language, query);
    }
  }

  /**
   * The best matches for what someone typed, at most `limit`, best first. A question that describes
   * a threat of harm or violence gets the emergency help first, whatever else matches. Returns []
   * when nothing matches well enough: better no answer than a wrong one.
   */
  search(language: Language, query: string, limit = 3): SearchHit[] {
    if (limit <= 0) return [];
    const index = this.indexes[language];
    const text = query.slice(0, 500);
    if (index.emergency?.phrases.matches(text)) {
      return [index.emergency.hit, ...this.material(index, language, text, limit - 1)];
    }
    return this.material(index, language, text, limit);
  }

  private material(index: LanguageIndex, language: Language, query: string, limit: number): SearchHit[] {
    const queryWords = queryTerms(language, query, index.synonyms);
    if (queryWords.length === 0 || limit <= 0) return [];

    // Orama scores each query term on its own (BM25 over the fields, with boosts). The scores are
    // then put on one scale per term, weighted by how rare the term is and how well it matched, and
    // added up: a document that matches more of the query ranks higher.
    const docCount = index.docs.size;
    const scores = new Map<string, { score: number; coverage: number }>();
    let queryCoverage = 0;
    for (const word of queryWords) {
      const matches = this.matchTerm(index, word);
      if (matches.size === 0) continue;
      const idf = Math.log(1 + (docCount - matches.size + 0.5) / (matches.size + 0.5));
      let top = 0;
      let best = 0;
      for (const match of matches.values()) {
        top = Math.max(top, match.score);
        best = Math.max(best, match.quality);
      }
      for (const [id, match] of matches) {
        const entry = scores.get(id) ?? { score: 0, coverage: 0 };
        const labelled = index.docs.get(id)!.labelTerms.has(word) ? labelBonus : 0;
        entry.score += match.quality * idf * (Math.sqrt(match.score / top) + labelled);
        entry.coverage += match.quality;
        scores.set(id, entry);
      }
      queryCoverage += best;
    }
    if (queryCoverage / queryWords.length < minQueryCoverage) return [];

    return [...scores.entries()]
      .map(([id, { score, coverage }]) => ({ id, coverage: coverage / queryWords.length, score }))
      .filter((entry) => entry.coverage >= minHitCoverage && entry.score >= minScore)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((entry) => index.docs.get(entry.id)!.hit);
  }

  /**
   * The documents a query term matches, with Orama's score and how good the match is. The word as
   * typed (or the start of a longer word: "hot" finds "hotbrev") comes first. Only when that finds
   * nothing: the longest known word the term starts with ("kollegan" finds "kollega"), and words
   * one typo away ("polisanmälla" finds "polisanmäla").
   */
  private matchTerm(index: LanguageIndex, word: string): Map<string, { score: number; quality: number }> {
    const matches = new Map<string, { score: number; quality: number }>();
    const collect = (term: string, tolerance: number, quality: (doc: IndexedDoc) => number) => {
      const found = oramaSearch(index.orama, {
        term,
        tolerance,
        boost,
        relevance,
        limit: index.docs.size,
      }) as Results<unknown>;
      for (const { id, score } of found.hits) {
        const doc = index.docs.get(id);
        if (!doc || score <= 0) continue;
        const q = quality(doc);
        const previous = matches.get(id);
        if (q > 0 && (!previous || previous.quality * previous.score < q * score))
          matches.set(id, { score, quality: q });
      }
    };

    collect(word, 0, (doc) => directMatchQuality(doc, word));
    if (matches.size > 0) return matches;

    const stem = longestKnownPrefix(index.vocabulary, word);
    if (stem) collect(stem, 0, (doc) => (directMatchQuality(doc, stem) > 0 ? matchWeight.partial : 0));
    const tolerance = toleranceFor(word);
    if (tolerance > 0) collect(word, tolerance, () => matchWeight.fuzzy);
    return matches;
  }

  /**
   * Articles to offer when nothing has been typed: the most used first when usage counts are given,
   * otherwise (and for ties) in the curated order.
   */
  topArticles(language: Language, n: number, usage?: UsageCounts): SearchHit[] {
    const articles = [...this.indexes[language].articles.entries()];
    const rank = (id: string) => {
      const position = curatedArticleOrder.indexOf(id);
      return position === -1 ? curatedArticleOrder.length : position;
    };
    return articles
      .sort(([a], [b]) => usageOf(usage, b) - usageOf(usage, a) || rank(a) - rank(b) || a.localeCompare(b))
      .slice(0, Math.max(0, n))
      .map(([, hit]) => hit);
  }
}

/**
 * Whether a document has the term itself, or a compound starting with it ("hot" in "hotbrev"), as a
 * weight. A word only a letter or two longer is another word of the same family that the stemmer
 * kept apart ("polic" of police and "polici" of policy), not a compound.
 */
function directMatchQuality(doc: IndexedDoc, term: string): number {
  if (doc.terms.has(term)) return matchWeight.exact;
  if (term.length >= 3 && doc.termList.some((t) => t.length >= term.length + minCompoundTail && t.startsWith(term)))
    return matchWeight.prefix;
  return 0;
}

/** The longest word in the index that `term` starts with, if it is long enough to mean something. */
function longestKnownPrefix(vocabulary: ReadonlySet<string>, term: string): string | undefined {
  const shortest = Math.max(minPartialLength, Math.ceil(term.length * minPartialShare));
  for (let length = term.length - 1; length >= shortest; length--) {
    const prefix = term.slice(0, length);
    if (vocabulary.has(prefix)) return prefix;
  }
  return undefined;
}

function buildIndex(
  language: Language,
  articles: readonly HelpArticle[],
  themes: readonly Theme[],
  synonyms: SearchSynonyms | undefined,
  emergencyLead: EmergencyLead | undefined,
): LanguageIndex {
  const orama = create({ schema: oramaSchema, components: { tokenizer: tokenizerFor(language) } });
  const docs = new Map<string, IndexedDoc>();
  const vocabulary = new Set<string>();
  const articleHits = new Map<string, SearchHit>();

  const add = (hit: MaterialHit, fields: Record<keyof typeof oramaSchema, string>) => {
    const id = hitKey(hit);
    const allTerms = new Set(terms(language, Object.values(fields).join("\n")));
    const labelTerms = new Set(terms(language, `${fields.title}\n${fields.keywords}`));
    docs.set(id, { hit, terms: allTerms, termList: [...allTerms], labelTerms });
    for (const t of allTerms) vocabulary.add(t);
    void insert(orama, { id, ...fields });
  };

  for (const article of articles) {
    const hit: MaterialHit = {
      kind: "article",
      id: article.id,
      title: article.title,
      excerpt: excerpt(article.summary),
    };
    articleHits.set(article.id, hit);
    add(hit, {
      title: article.title,
      keywords: [...article.keywords, ...(synonyms?.articles[article.id] ?? [])].join("\n"),
      summary: article.summary,
      body: article.body,
      aside: "",
      context: "",
    });
  }
  for (const theme of themes) {
    for (const step of theme.steps) {
      const hit: MaterialHit = {
        kind: "themeStep",
        themeId: theme.id,
        stepId: step.id,
        title: step.title,
        excerpt: stepExcerpt(step),
      };
      add(hit, {
        title: step.title,
        keywords: (synonyms?.steps[materialTarget(hit)] ?? []).join("\n"),
        summary: "",
        ...stepText(step),
        context: theme.title,
      });
    }
  }
  const wordSynonyms = new Map(
    Object.entries(synonyms?.words ?? {}).map(([typed, meant]) => [synonymKey(typed), meant] as const),
  );
  const emergency = emergencyLead && {
    // Anywhere in the question, on whole words: "hotar att skada mig", "he said he would kill me".
    phrases: new PhraseList(emergencyLead.phrases, "anywhere"),
    hit: { kind: "emergency", title: emergencyLead.title, excerpt: emergencyLead.excerpt } satisfies SearchHit,
  };
  return { orama, docs, articles: articleHits, vocabulary, synonyms: wordSynonyms, emergency };
}
