import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import type { z } from "zod/v4";
import { themeFilePattern, themeSchema, type Image, type Step, type Theme } from "./content-schema";
import { languages, type Language } from "./language";
import type { HelpArticle } from "./article-schema";
import { crisisSchema, type CrisisText } from "./crisis-schema";
import { emergencySchema, type EmergencyText } from "./emergency-schema";
import { searchSynonymsSchema, type SearchSynonyms } from "./search-synonyms-schema";
import { loadArticles } from "./load-articles";
import { uiTextSchema, type UiText } from "./ui-text-schema";
import { numberAndSiteProblems, supportLinesSchema } from "./support-lines";
import { textsOf, unsourcedFigures } from "./figure-sources";
import {
  facilitatorGuideTextSchema,
  themeGuideProblems,
  themeGuideSchema,
  type FacilitatorGuideText,
  type ThemeGuide,
} from "./facilitator-guide-schema";
import { filmProblems, type LoadedFilmScript } from "../films/film-checks";
import { filmManifestFile, type FilmManifest } from "../films/film-files";
import { filmScriptSchema, type FilmScript } from "../films/film-script-schema";

/**
 * Where content lives by default: the repository's content/ and public/ folders, found by walking up
 * to package.json so the same holds for src/ run by tsx and for the compiled dist/src/.
 */
const packageRoot = ((): string => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
export const defaultContentDir = path.join(packageRoot, "content");
export const defaultPublicDir = path.join(packageRoot, "public");

/** Bad content stops the start. The message lists every problem with its file, step and field. */
export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`The content has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ContentError";
  }
}

export interface ContentCatalog {
  /** The numbered themes (kind "theme"), in menu order. */
  themes(language: Language): readonly Theme[];
  /** The short paths (kind "path"), listed after the themes, in menu order. */
  paths(language: Language): readonly Theme[];
  /** A theme or a path by its id. */
  theme(language: Language, themeId: string): Theme | undefined;
  ui(language: Language): UiText;
  emergency(language: Language): EmergencyText;
  crisis(language: Language): CrisisText;
  searchSynonyms(language: Language): SearchSynonyms;
  articles(language: Language): readonly HelpArticle[];
  article(language: Language, articleId: string): HelpArticle | undefined;
  /** The script of a film the bot renders itself (content/<lang>/films/<id>.yaml). */
  filmScript(language: Language, scriptId: string): FilmScript | undefined;
  /** What every facilitator guide says (content/<lang>/facilitator-guide.yaml). */
  facilitatorGuideText(language: Language): FacilitatorGuideText;
  /** The facilitator guide of a theme or a path (content/<lang>/facilitator-guides/<themeId>.yaml). */
  facilitatorGuide(language: Language, themeId: string): ThemeGuide | undefined;
}

export function loadContent(contentDir = defaultContentDir, publicDir = defaultPublicDir): ContentCatalog {
  const problems: string[] = [];
  const themesByLanguage = new Map<Language, Theme[]>();
  const uiByLanguage = new Map<Language, UiText>();
  const emergencyByLanguage = new Map<Language, EmergencyText>();
  const crisisByLanguage = new Map<Language, CrisisText>();
  const synonymsByLanguage = new Map<Language, SearchSynonyms>();
  const scriptsByLanguage = new Map<Language, Map<string, LoadedFilmScript>>();
  const guideTextByLanguage = new Map<Language, FacilitatorGuideText>();
  const guidesByLanguage = new Map<Language, Map<string, ThemeGuide>>();
  const manifest = readFilmManifest(publicDir, problems);

  for (const language of languages) {
    const dir = path.join(contentDir, language);
    if (!existsSync(dir)) {
      problems.push(`${relative(contentDir, dir)}: folder is missing`);
      continue;
    }
    const ui = parseFile(path.join(dir, "ui.yaml"), uiTextSchema, contentDir, problems);
    if (ui) uiByLanguage.set(language, ui);
    const emergency = parseFile(path.join(dir, "akut.yaml"), emergencySchema, contentDir, problems);
    if (emergency) emergencyByLanguage.set(language, emergency);
    const crisis = parseFile(path.join(dir, "kris.yaml"), crisisSchema, contentDir, problems);
    if (crisis) crisisByLanguage.set(language, crisis);
    const synonymsFile = path.join(dir, "search-synonyms.yaml");
    const synonyms = parseFile(synonymsFile, searchSynonymsSchema, contentDir, problems);
    if (synonyms) synonymsByLanguage.set(language, synonyms);

    const scripts = loadFilmScripts(dir, contentDir, problems);
    scriptsByLanguage.set(language, scripts);

    const themes: Theme[] = [];
    for (const file of readdirSync(dir)
      .filter((name) => themeFilePattern.test(name))
      .sort()) {
      const fullPath = path.join(dir, file);
      const theme = parseFile(fullPath, themeSchema, contentDir, problems);
      if (!theme) continue;
      problems.push(...missingImages(theme, publicDir).map((p) => `${relative(contentDir, fullPath)}: ${p}`));
      problems.push(...stepFigureProblems(theme, language).map((p) => `${relative(contentDir, fullPath)}: ${p}`));
      theme.steps.forEach((step, index) => {
        if (step.type !== "film") return;
        const where = `${relative(contentDir, fullPath)}: step ${index + 1} ('${step.id}'), `;
        problems.push(
          ...filmProblems({ step, language, publicDir, scripts, manifest }).map((problem) => `${where}${problem}`),
        );
      });
      themes.push(theme);
    }
    if (!themes.some((theme) => theme.kind === "theme"))
      problems.push(`${relative(contentDir, dir)}: no theme files (tema-*.yaml)`);
    const guideText = parseFile(
      path.join(dir, "facilitator-guide.yaml"),
      facilitatorGuideTextSchema,
      contentDir,
      problems,
    );
    if (guideText) guideTextByLanguage.set(language, guideText);
    problems.push(
      ...documentFigureProblems(guideText, language).map(
        (p) => `${relative(contentDir, path.join(dir, "facilitator-guide.yaml"))}: ${p}`,
      ),
    );
    guidesByLanguage.set(language, loadFacilitatorGuides(dir, language, themes, contentDir, problems));
    // Themes first, then paths; each in its own order.
    themesByLanguage.set(
      language,
      themes.sort((a, b) => Number(a.kind === "path") - Number(b.kind === "path") || a.order - b.order),
    );
  }
  problems.push(...languageMismatches(themesByLanguage));
  problems.push(...wrongNumbersAndSites(contentDir, problems));
  const articles = loadArticlesCollectingProblems(contentDir, themesByLanguage, problems);
  for (const language of languages) {
    for (const article of articles[language]) {
      const file = relative(contentDir, path.join(contentDir, language, "articles", `${article.id}.md`));
      problems.push(...unsourcedFigures(article.body, language).map((p) => `${file}: ${p}`));
    }
  }
  problems.push(
    ...unknownSynonymKeys(
      contentDir,
      synonymsByLanguage,
      "articles",
      (language) => new Set(articles[language].map((article) => article.id)),
      (id, known) => `no article has the id '${id}' (articles: ${[...known].join(", ")})`,
    ),
    ...unknownSynonymKeys(
      contentDir,
      synonymsByLanguage,
      "steps",
      (language) =>
        new Set(
          (themesByLanguage.get(language) ?? []).flatMap((theme) =>
            theme.steps.map((step) => `${theme.id}/${step.id}`),
          ),
        ),
      (key) => `no theme has the step '${key}' (write it as themeId/stepId)`,
    ),
  );
  if (problems.length > 0) throw new ContentError(problems);

  const byId = new Map([...themesByLanguage].map(([lang, themes]) => [lang, new Map(themes.map((t) => [t.id, t]))]));
  return {
    themes: (language) => (themesByLanguage.get(language) ?? []).filter((theme) => theme.kind === "theme"),
    paths: (language) => (themesByLanguage.get(language) ?? []).filter((theme) => theme.kind === "path"),
    theme: (language, themeId) => byId.get(language)?.get(themeId),
    ui: (language) => uiByLanguage.get(language)!,
    emergency: (language) => emergencyByLanguage.get(language)!,
    crisis: (language) => crisisByLanguage.get(language)!,
    searchSynonyms: (language) => synonymsByLanguage.get(language)!,
    articles: (language) => articles[language],
    article: (language, articleId) => articles[language].find((article) => article.id === articleId),
    filmScript: (language, scriptId) => scriptsByLanguage.get(language)?.get(scriptId)?.script,
    facilitatorGuideText: (language) => guideTextByLanguage.get(language)!,
    facilitatorGuide: (language, themeId) => guidesByLanguage.get(language)?.get(themeId),
  };
}

/**
 * content/<lang>/facilitator-guides/<themeId>.yaml, one for every theme and path: a group card links to
 * the guide of whatever theme it shows, so a theme without one would be a broken link.
 */
function loadFacilitatorGuides(
  dir: string,
  language: Language,
  themes: readonly Theme[],
  contentDir: string,
  problems: string[],
): Map<string, ThemeGuide> {
  const guides = new Map<string, ThemeGuide>();
  const guidesDir = path.join(dir, "facilitator-guides");
  const files = existsSync(guidesDir) ? readdirSync(guidesDir).filter((name) => name.endsWith(".yaml")) : [];
  for (const name of files.sort()) {
    const file = path.join(guidesDir, name);
    const themeId = name.replace(/\.yaml$/, "");
    const theme = themes.find((candidate) => candidate.id === themeId);
    if (!theme) {
      problems.push(
        `${relative(contentDir, file)}: no theme or path has the id '${themeId}' (name the file <themeId>.yaml)`,
      );
      continue;
    }
    const guide = parseFile(file, themeGuideSchema, contentDir, problems);
    if (!guide) continue;
    problems.push(...documentFigureProblems(guide, language).map((p) => `${relative(contentDir, file)}: ${p}`));
    problems.push(...themeGuideProblems(guide, theme).map((problem) => `${relative(contentDir, file)}: ${problem}`));
    guides.set(themeId, guide);
  }
  for (const theme of themes) {
    if (!files.includes(`${theme.id}.yaml`)) {
      problems.push(
        `${relative(contentDir, path.join(guidesDir, `${theme.id}.yaml`))}: file is missing (the facilitator guide of '${theme.title}')`,
      );
    }
  }
  return guides;
}

/** content/<lang>/films/*.yaml, by file name. */
function loadFilmScripts(dir: string, contentDir: string, problems: string[]): Map<string, LoadedFilmScript> {
  const scripts = new Map<string, LoadedFilmScript>();
  const filmsDir = path.join(dir, "films");
  if (!existsSync(filmsDir)) return scripts;
  for (const name of readdirSync(filmsDir)
    .filter((file) => file.endsWith(".yaml"))
    .sort()) {
    const file = path.join(filmsDir, name);
    const script = parseFile(file, filmScriptSchema, contentDir, problems);
    if (script) {
      scripts.set(name.replace(/\.yaml$/, ""), {
        script,
        text: readFileSync(file, "utf8"),
        file: relative(contentDir, file),
      });
    }
  }
  return scripts;
}

/** Every text under content/, comments and keywords included, gives only the numbers and sites of support-lines.yaml. */
function wrongNumbersAndSites(contentDir: string, problems: string[]): string[] {
  const linesFile = path.join(contentDir, "support-lines.yaml");
  const supportLines = parseFile(linesFile, supportLinesSchema, contentDir, problems);
  if (!supportLines) return [];
  const texts = (readdirSync(contentDir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((name) => /\.(ya?ml|md)$/.test(name) && path.join(contentDir, name) !== linesFile)
    .sort();
  return texts.flatMap((name) =>
    numberAndSiteProblems(readFileSync(path.join(contentDir, name), "utf8"), supportLines, {
      filmUrls: themeFilePattern.test(path.basename(name)),
    }).map((problem) => `${relative(contentDir, path.join(contentDir, name))}: ${problem}`),
  );
}

function readFilmManifest(publicDir: string, problems: string[]): FilmManifest | undefined {
  const file = path.join(publicDir, filmManifestFile);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as FilmManifest;
  } catch {
    problems.push(`public/${filmManifestFile}: not valid JSON; run \`npm run films\``);
    return undefined;
  }
}

function loadArticlesCollectingProblems(
  contentDir: string,
  themesByLanguage: Map<Language, Theme[]>,
  problems: string[],
): Record<Language, HelpArticle[]> {
  const themeIds = (themesByLanguage.get(languages[0]) ?? []).map((theme) => theme.id);
  try {
    return loadArticles(contentDir, { themeIds });
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    problems.push(...error.problems);
    return { sv: [], en: [] };
  }
}

/**
 * Phrases for an article or a theme step that does not exist would never be found: say so, for each
 * language that has any articles or steps to point at.
 */
function unknownSynonymKeys(
  contentDir: string,
  synonymsByLanguage: Map<Language, SearchSynonyms>,
  field: "articles" | "steps",
  knownKeys: (language: Language) => Set<string>,
  problem: (key: string, known: Set<string>) => string,
): string[] {
  return [...synonymsByLanguage].flatMap(([language, synonyms]) => {
    const known = knownKeys(language);
    if (known.size === 0) return [];
    const file = relative(contentDir, path.join(contentDir, language, "search-synonyms.yaml"));
    return Object.keys(synonyms[field])
      .filter((key) => !known.has(key))
      .map((key) => `${file}: field ${field}.${key}: ${problem(key, known)}`);
  });
}

function parseFile<S extends z.ZodType>(
  file: string,
  schema: S,
  contentDir: string,
  problems: string[],
): z.infer<S> | undefined {
  const name = relative(contentDir, file);
  if (!existsSync(file)) {
    problems.push(`${name}: file is missing`);
    return undefined;
  }
  const document = YAML.parseDocument(readFileSync(file, "utf8"));
  if (document.errors.length > 0) {
    problems.push(...document.errors.map((error) => `${name}: not valid YAML: ${error.message.split("\n")[0]}`));
    return undefined;
  }
  const raw: unknown = document.toJS();
  const result = schema.safeParse(raw);
  if (!result.success) {
    problems.push(
      ...result.error.issues.map((issue) => `${name}: ${describeLocation(raw, issue.path)}${issue.message}`),
    );
    return undefined;
  }
  return result.data;
}

/** Turns a zod path such as ["steps", 3, "film", "transcript"] into "step 4 ('film-1'), field film.transcript: ". */
function describeLocation(raw: unknown, issuePath: PropertyKey[]): string {
  if (issuePath[0] === "steps" && typeof issuePath[1] === "number") {
    const index = issuePath[1];
    const rawStep = (raw as { steps?: Array<{ id?: unknown }> }).steps?.[index];
    const stepName = typeof rawStep?.id === "string" ? ` ('${rawStep.id}')` : "";
    const field = issuePath.slice(2).join(".");
    return `step ${index + 1}${stepName}, ${field ? `field ${field}` : "step"}: `;
  }
  return issuePath.length > 0 ? `field ${issuePath.join(".")}: ` : "";
}

/** What a reader reads in a step; a film's transcript is its captions, whose figures the film script sources. */
function stepFigureProblems(theme: Theme, language: Language): string[] {
  return theme.steps.flatMap((step, index) => {
    const fields =
      step.type === "reflection"
        ? {
            contentNote: step.contentNote,
            body: step.body,
            question: step.question,
            alternativeQuestion: step.alternativeQuestion,
          }
        : { body: step.body };
    return Object.entries(fields).flatMap(([field, text]) =>
      unsourcedFigures(text ?? "", language).map((p) => `step ${index + 1} ('${step.id}'), field ${field}: ${p}`),
    );
  });
}

function documentFigureProblems(document: unknown, language: Language): string[] {
  return textsOf(document).flatMap(({ at, text }) => unsourcedFigures(text, language).map((p) => `field ${at}: ${p}`));
}

function imagesOf(step: Step): Image[] {
  if (step.type === "text") return step.image ? [step.image] : [];
  if (step.type === "film") return [step.film.poster];
  return [];
}

function missingImages(theme: Theme, publicDir: string): string[] {
  return theme.steps.flatMap((step, index) =>
    imagesOf(step)
      .filter((image) => !existsSync(path.join(publicDir, image.src)))
      .map((image) => `step ${index + 1} ('${step.id}'), image ${image.src}: file not found in public/`),
  );
}

/** Progress is kept per theme and step id, so every language must have the same themes and steps. */
function languageMismatches(themesByLanguage: Map<Language, Theme[]>): string[] {
  const [reference, ...others] = languages;
  const referenceThemes = themesByLanguage.get(reference) ?? [];
  const problems: string[] = [];
  for (const language of others) {
    const themes = new Map((themesByLanguage.get(language) ?? []).map((t) => [t.id, t]));
    for (const theme of referenceThemes) {
      const translated = themes.get(theme.id);
      if (!translated) {
        problems.push(`${language}: theme '${theme.id}' exists in ${reference} but not in ${language}`);
        continue;
      }
      const expected = theme.steps.map((s) => s.id).join(", ");
      const actual = translated.steps.map((s) => s.id).join(", ");
      if (expected !== actual) {
        problems.push(`${language}: theme '${theme.id}' has steps [${actual}] but ${reference} has [${expected}]`);
      }
      themes.delete(theme.id);
    }
    for (const extra of themes.keys()) problems.push(`${language}: theme '${extra}' does not exist in ${reference}`);
  }
  return problems;
}

function relative(contentDir: string, file: string): string {
  return path.join("content", path.relative(contentDir, file));
}
