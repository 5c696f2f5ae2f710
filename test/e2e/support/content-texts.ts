/**
 * The bot's content, read the way the bot reads it, so the e2e tests do not hard-code texts:
 * content/<lang>/ui.yaml, akut.yaml, tema-*.yaml and articles/<id>.md. Each test declares the
 * shape of the part it uses.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { REPO_ROOT } from "./playground";

export type Lang = "sv" | "en";

const contentDir = (lang: Lang) => join(REPO_ROOT, "content", lang);
const readYaml = <T>(path: string): T => YAML.parse(readFileSync(path, "utf8")) as T;

export function loadUi<T>(lang: Lang): T {
  return readYaml<T>(join(contentDir(lang), "ui.yaml"));
}

export function loadAkut<T>(lang: Lang): T {
  return readYaml<T>(join(contentDir(lang), "akut.yaml"));
}

/** The theme (content/<lang>/tema-*.yaml) with this `order`. */
export function loadTheme<T extends { order: number }>(lang: Lang, order: number): T {
  const theme = readdirSync(contentDir(lang))
    .filter((name) => /^tema-.*\.yaml$/.test(name))
    .map((name) => readYaml<T>(join(contentDir(lang), name)))
    .find((t) => t.order === order);
  if (!theme) throw new Error(`content/${lang} has no theme with order ${order}`);
  return theme;
}

/** A Markdown article: front matter (YAML between --- lines) and the body. */
export function loadArticle(lang: Lang, id: string): { title: string; body: string } {
  const text = readFileSync(join(contentDir(lang), "articles", `${id}.md`), "utf8");
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`content/${lang}/articles/${id}.md has no front matter`);
  const front = YAML.parse(match[1]) as { title: string };
  return { title: front.title, body: match[2] };
}

/** Same as the bot's fill(): "{name}" placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
