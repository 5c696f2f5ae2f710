import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect } from "vitest";
import YAML from "yaml";
import {
  ContentError,
  defaultContentDir,
  defaultPublicDir,
  loadContent,
} from "../../src/domain/content/content-catalog";

export interface ContentCopy {
  contentDir: string;
  publicDir: string;
}

/** What a load refused (it must refuse with a ContentError), or nothing when it accepted the content. */
export function problemsOfLoading(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).problems;
  }
  return [];
}

/** Replaces one file of a copy with what `edit` makes of its text; an edit that changes nothing is a broken test. */
export function editText(contentDir: string, file: string, edit: (text: string) => string): void {
  const target = path.join(contentDir, file);
  const before = readFileSync(target, "utf8");
  const after = edit(before);
  expect(after).not.toEqual(before);
  writeFileSync(target, after);
}

/** Replaces one YAML file of a copy with what `edit` makes of its parsed value. */
export function editYaml<T>(contentDir: string, file: string, edit: (raw: T) => void): void {
  const target = path.join(contentDir, file);
  const raw = YAML.parse(readFileSync(target, "utf8")) as T;
  edit(raw);
  writeFileSync(target, YAML.stringify(raw));
}

/**
 * Copies of the shipped content for the tests of one file to break on purpose: each copy lives in its own
 * temporary folder, removed after the test that made it. `withPublic` copies the public/ folder too (the
 * films' files), otherwise the copy uses the shipped one.
 */
export function useContentCopies(options: { withPublic?: boolean } = {}) {
  let workDir: string | undefined;
  afterEach(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    workDir = undefined;
  });

  function copy(): ContentCopy {
    workDir = mkdtempSync(path.join(os.tmpdir(), "tsf-content-"));
    const contentDir = path.join(workDir, "content");
    cpSync(defaultContentDir, contentDir, { recursive: true });
    if (!options.withPublic) return { contentDir, publicDir: defaultPublicDir };
    const publicDir = path.join(workDir, "public");
    cpSync(defaultPublicDir, publicDir, { recursive: true });
    return { contentDir, publicDir };
  }

  /** A copy changed by `change`, loaded as the bot loads its content; returns what the load refused. */
  function problemsAfter(change: (copy: ContentCopy) => void): string[] {
    const made = copy();
    change(made);
    return problemsOfLoading(() => loadContent(made.contentDir, made.publicDir));
  }

  return { copy, problemsAfter };
}
