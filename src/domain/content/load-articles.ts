import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { articleSchema, type HelpArticle } from "./article-schema";
import { ContentError, defaultContentDir } from "./content-catalog";
import { themeFilePattern } from "./content-schema";
import { languages, type Language } from "./language";

export type { HelpArticle } from "./article-schema";

const articleFilePattern = /\.md$/;
const frontMatterPattern = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

export interface LoadArticlesOptions {
  /**
   * The theme ids a `relatedTheme` may name. By default they are read from the `id` of each
   * content/<lang>/tema-*.yaml file, so this loader stands on its own.
   */
  themeIds?: readonly string[];
}

/**
 * Reads content/<lang>/articles/*.md for every language. Throws a ContentError that lists every
 * problem with its file and field, and any article that exists in one language but not another.
 */
export function loadArticles(
  contentDir = defaultContentDir,
  options: LoadArticlesOptions = {},
): Record<Language, HelpArticle[]> {
  const problems: string[] = [];
  const result = {} as Record<Language, HelpArticle[]>;
  const slugs = {} as Record<Language, string[]>;

  for (const language of languages) {
    const themeIds = new Set(options.themeIds ?? readThemeIds(path.join(contentDir, language)));
    const dir = path.join(contentDir, language, "articles");
    result[language] = [];
    slugs[language] = [];
    if (!existsSync(dir)) {
      problems.push(`${relative(contentDir, dir)}: folder is missing`);
      continue;
    }
    const files = readdirSync(dir)
      .filter((name) => articleFilePattern.test(name))
      .sort();
    if (files.length === 0) problems.push(`${relative(contentDir, dir)}: no articles (*.md)`);
    slugs[language] = files.map((file) => path.basename(file, ".md"));
    for (const file of files) {
      const article = parseArticle(path.join(dir, file), contentDir, themeIds, problems);
      if (article) result[language].push(article);
    }
  }
  problems.push(...languageMismatches(slugs));
  if (problems.length > 0) throw new ContentError(problems);
  return result;
}

function parseArticle(
  file: string,
  contentDir: string,
  themeIds: ReadonlySet<string>,
  problems: string[],
): HelpArticle | undefined {
  const name = relative(contentDir, file);
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const match = frontMatterPattern.exec(text);
  if (!match) {
    problems.push(`${name}: front matter is missing: the file must start with a line '---', then YAML, then '---'`);
    return undefined;
  }
  const document = YAML.parseDocument(match[1]);
  if (document.errors.length > 0) {
    problems.push(
      ...document.errors.map((error) => `${name}: front matter is not valid YAML: ${error.message.split("\n")[0]}`),
    );
    return undefined;
  }
  const frontMatter: unknown = document.toJS();
  if (typeof frontMatter !== "object" || frontMatter === null || Array.isArray(frontMatter)) {
    problems.push(`${name}: front matter must be a set of fields (id, title, summary, keywords)`);
    return undefined;
  }
  const raw = { ...frontMatter, body: match[2].trim() };
  const parsed = articleSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(
      ...parsed.error.issues.map((issue) =>
        issue.path.length > 0
          ? `${name}: field ${issue.path.join(".")}: ${issue.message}`
          : `${name}: ${issue.message}`,
      ),
    );
    return undefined;
  }
  const article = parsed.data;
  const slug = path.basename(file, ".md");
  let ok = true;
  if (article.id !== slug) {
    problems.push(`${name}: field id: must be the same as the file name ('${slug}'), but is '${article.id}'`);
    ok = false;
  }
  if (article.relatedTheme !== undefined && !themeIds.has(article.relatedTheme)) {
    const known = [...themeIds].join(", ");
    problems.push(`${name}: field relatedTheme: no theme has the id '${article.relatedTheme}' (themes: ${known})`);
    ok = false;
  }
  return ok ? article : undefined;
}

/** The top-level `id` of each theme file; broken theme files are reported by the content catalog. */
function readThemeIds(languageDir: string): string[] {
  if (!existsSync(languageDir)) return [];
  return readdirSync(languageDir)
    .filter((name) => themeFilePattern.test(name))
    .flatMap((name) => {
      try {
        const raw: unknown = YAML.parse(readFileSync(path.join(languageDir, name), "utf8"));
        const id = (raw as { id?: unknown } | null)?.id;
        return typeof id === "string" ? [id] : [];
      } catch {
        return [];
      }
    });
}

/**
 * Articles are linked and counted by id, so every language must have the same ones. Compared by
 * file name (= id), so that a broken file is reported once, not also as missing.
 */
function languageMismatches(slugs: Record<Language, string[]>): string[] {
  const [reference, ...others] = languages;
  const referenceIds = new Set(slugs[reference]);
  const problems: string[] = [];
  for (const language of others) {
    const ids = new Set(slugs[language]);
    for (const id of referenceIds) {
      if (!ids.has(id)) problems.push(`${language}: article '${id}' exists in ${reference} but not in ${language}`);
    }
    for (const id of ids) {
      if (!referenceIds.has(id)) problems.push(`${language}: article '${id}' does not exist in ${reference}`);
    }
  }
  return problems;
}

function relative(contentDir: string, file: string): string {
  return path.join("content", path.relative(contentDir, file));
}
