import { stemmer as englishStemmer } from "@orama/stemmers/english";
import { stemmer as swedishStemmer } from "@orama/stemmers/swedish";
import type { Language } from "../content/language";

/**
 * Turns text into search terms, the same way for the content and for what people type:
 * lower case, split into words, drop stop words, stem, and fold å/ä/ö (and other accents) to plain
 * letters, so "vagar" finds "vågar" and "polisanmala" finds "polisanmäla".
 */

/** Words that say nothing about what someone is looking for. Folded forms are added below. */
const swedishStopWords = `
  och i att det som en ett på är av för med till den de dem dom har hade haft ha inte om så men
  var varit vara sig själv jag du han hon hen vi ni man mig dig honom henne hennes hans oss er ert era
  deras min mitt mina din ditt dina sin sitt sina vår vårt våra vad hur när vem vems vilken vilket vilka
  varför kan kunna kunde ska skall skulle vill ville måste får fick fått få bli blir blev blivit
  göra gör gjorde gjort något någon några nån nåt nåra någonting ngn ngt från efter under över mot vid
  hos ut upp in ner då där här nu också ju väl bara mycket lite mer mest alla allt andra annan annat
  sådan sådant sådana detta denna dessa eller samt både än sedan sen redan ändå även utan inom genom
  mellan ej ingen inget inga jo ja nej hej tack snälla typ liksom asså alltså lr el eg egentligen
  gå går gick gått ta tar tog tagit säga säger sa sagt veta vet visste komma kommer kom kommit
  finns fanns hålla håller tycker tror känns kännas verkar göras varje hela tiden idag igen också
`;

const englishStopWords = `
  a an the and or but if of at by for with about to from in on off over under again then once here
  there when where why how all any both each few more most other some such no nor not only own same so
  than too very can will just should now i me my myself we our ours you your yours he him his she her
  hers it its they them their theirs what which who whom whose this that these those am is are was were
  be been being have has had having do does did doing would could might must shall may im ive id dont
  doesnt didnt cant couldnt wont isnt arent wasnt someone somebody something anyone anything get gets
  got getting keep keeps kept go goes going went want wants need needs know like please hi hello thanks
  also still really up out into all again today much many lot lots
`;

function fold(word: string): string {
  return word.normalize("NFD").replace(/\p{M}+/gu, "");
}

function stopWordSet(words: string): Set<string> {
  const list = words.split(/\s+/).filter(Boolean);
  return new Set([...list, ...list.map(fold)]);
}

interface LanguageRules {
  stopWords: Set<string>;
  stem: (word: string) => string;
}

const rules: Record<Language, LanguageRules> = {
  sv: { stopWords: stopWordSet(swedishStopWords), stem: swedishStemmer },
  en: { stopWords: stopWordSet(englishStopWords), stem: englishStemmer },
};

const wordPattern = /[\p{L}\p{N}]+/gu;

/** The words of a text in lower case, before stop words are dropped. */
export function words(text: string): string[] {
  return text.normalize("NFC").toLowerCase().match(wordPattern) ?? [];
}

/** A single word as an index term, or undefined for a stop word. */
export function term(language: Language, word: string): string | undefined {
  const { stopWords, stem } = rules[language];
  if (stopWords.has(word)) return undefined;
  // Stem the word as typed: the Swedish stemmer knows å/ä/ö, and a word typed without them
  // ("vagar") loses the same ending as the real one ("vågar"). Fold afterwards.
  const folded = fold(stem(word));
  return folded.length > 0 ? folded : undefined;
}

/** All index terms of a text, in order, duplicates kept. */
export function terms(language: Language, text: string): string[] {
  const result: string[] = [];
  for (const word of words(text)) {
    const t = term(language, word);
    if (t) result.push(t);
  }
  return result;
}

/** Words as typed (folded, lower case) → the words the material uses for them; from the content. */
export type WordSynonyms = ReadonlyMap<string, string>;

/** Folds a word the way synonym keys are looked up: lower case, without accents. */
export function synonymKey(word: string): string {
  return fold(word.normalize("NFC").toLowerCase());
}

/**
 * The distinct terms of a query, in the order typed. A word with a synonym is searched as the
 * material says it ("kåta" as "sexuella"), with or without å/ä/ö.
 */
export function queryTerms(language: Language, query: string, synonyms?: WordSynonyms): string[] {
  const typed = words(query.slice(0, 500));
  const result: string[] = [];
  for (const word of typed) {
    const replacement = synonyms?.get(synonymKey(word));
    for (const w of replacement ? words(replacement) : [word]) {
      const t = term(language, w);
      if (t) result.push(t);
    }
  }
  return [...new Set(result)];
}
