import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { defaultPublicDir, loadContent } from "../../src/domain/content/content-catalog";
import { editYaml, useContentCopies } from "../support/content-copies";

const themeFile = "sv/tema-1-vad-ar-sexistiskt-hot-och-hat.yaml";
type RawTheme = { steps: Array<Record<string, unknown>> } & Record<string, unknown>;

const copies = useContentCopies();

/** A copy of the real content with one theme file changed by `edit`; returns the load error's problems. */
const problemsAfter = (edit: (theme: RawTheme) => void, file = themeFile) =>
  copies.problemsAfter(({ contentDir }) => editYaml(contentDir, file, edit));

const stepOfType = (theme: RawTheme, type: string) => theme.steps.findIndex((s) => s.type === type);

describe("content validation", () => {
  it("accepts the content pack that ships with the bot", () => {
    const catalog = loadContent();
    expect(catalog.themes("sv").map((t) => t.order)).toEqual([1, 2, 3, 4]);
    expect(catalog.themes("en").map((t) => t.id)).toEqual(catalog.themes("sv").map((t) => t.id));
  });

  it("accepts a changed text, reordered steps and a new theme in both languages, with no code change", () => {
    const { contentDir } = copies.copy();
    for (const language of ["sv", "en"]) {
      const file = path.join(contentDir, themeFile.replace("sv/", `${language}/`));
      const theme = YAML.parse(readFileSync(file, "utf8")) as RawTheme;
      theme.title = `${theme.title} (ny)`;
      [theme.steps[1], theme.steps[2]] = [theme.steps[2], theme.steps[1]];
      writeFileSync(file, YAML.stringify(theme));
      writeFileSync(
        path.join(path.dirname(file), "tema-5-nytt.yaml"),
        YAML.stringify({ ...theme, id: "nytt-tema", order: 5 }),
      );
      // Every theme has a facilitator guide; the new one walks the same steps as the theme it was copied from.
      cpSync(
        path.join(contentDir, language, "facilitator-guides", `${theme.id as string}.yaml`),
        path.join(contentDir, language, "facilitator-guides", "nytt-tema.yaml"),
      );
    }
    const catalog = loadContent(contentDir, defaultPublicDir);
    expect(catalog.themes("sv").map((t) => t.order)).toEqual([1, 2, 3, 4, 5]);
    expect(catalog.themes("en")[0].steps[1].id).toBe("skillnaden");
  });

  it("rejects steps reordered in one language only, since progress is kept per step id", () => {
    const problems = problemsAfter((theme) => {
      [theme.steps[1], theme.steps[2]] = [theme.steps[2], theme.steps[1]];
    });
    expect(problems).toEqual([expect.stringMatching(/en: theme 'vad-ar-sexistiskt-hot-och-hat' has steps \[/)]);
  });

  const brokenCases: Array<[string, (theme: RawTheme) => void, RegExp]> = [
    ["a missing field", (t) => delete t.title, /tema-1-.*\.yaml: field title: /],
    [
      "an unknown step type",
      (t) => (t.steps[1].type = "quiz"),
      /tema-1-.*\.yaml: step 2 \('vad-menas'\), field type: unknown step type/,
    ],
    [
      "a film without transcript",
      (t) => delete (t.steps[stepOfType(t, "film")].film as Record<string, unknown>).transcript,
      /tema-1-.*\.yaml: step \d \('film-[a-z-]+'\), field film\.transcript: /,
    ],
    [
      "an image without alt text",
      (t) => ((t.steps.find((s) => s.image)!.image as Record<string, unknown>).alt = ""),
      /tema-1-.*\.yaml: step \d \('[a-z-]+'\), field image\.alt: must not be empty/,
    ],
    [
      "a reflection without a question",
      (t) => delete t.steps[stepOfType(t, "reflection")].question,
      /step \d \('reflektion-[a-z-]+'\), field question: /,
    ],
    [
      "too few steps",
      (t) => (t.steps = t.steps.slice(0, 4)),
      /field steps: a theme has at least 5 steps|a theme needs at least 5 steps/,
    ],
    [
      "an image file that does not exist",
      (t) => ((t.steps.find((s) => s.image)!.image as Record<string, unknown>).src = "images/finns-inte.png"),
      /image images\/finns-inte\.png: file not found/,
    ],
    ["a duplicate step id", (t) => (t.steps[2].id = t.steps[1].id), /field id: duplicate step id/],
  ];

  it.each(brokenCases)("rejects %s, naming the file, the step and the field", (_name, edit, expected) => {
    const problems = problemsAfter(edit);
    expect(
      problems.some((problem) => expected.test(problem)),
      problems.join("\n"),
    ).toBe(true);
  });

  it("rejects search phrases for a theme step that does not exist, naming the step", () => {
    const problems = problemsAfter((synonyms) => {
      (synonyms as Record<string, unknown>).steps = { "forbered-dig/finns-inte": ["något"] };
    }, "sv/search-synonyms.yaml");
    expect(problems.join("\n")).toMatch(
      /search-synonyms\.yaml: field steps\.forbered-dig\/finns-inte: no theme has the step/,
    );
  });
});

describe("paths (kind: path), such as 'Stötta en kollega'", () => {
  const pathFile = "sv/stig-stotta-en-kollega.yaml";

  it("ships the supporters' path in both languages, apart from the four numbered themes", () => {
    const catalog = loadContent();
    for (const language of ["sv", "en"] as const) {
      expect(catalog.paths(language).map((p) => [p.id, p.kind])).toEqual([["stotta-en-kollega", "path"]]);
      expect(catalog.themes(language).every((t) => t.kind === "theme")).toBe(true);
      expect(catalog.theme(language, "stotta-en-kollega")?.kind).toBe("path");
    }
    expect(catalog.paths("sv")[0].title).toBe("Stötta en kollega");
    expect(catalog.paths("en")[0].title).toBe("Support a colleague");
  });

  it("lets a path go without a film or an image, which a theme must have", () => {
    const shipped = loadContent().paths("sv")[0];
    expect(shipped.steps.some((s) => s.type === "film")).toBe(false);
    const noFilm = problemsAfter((path) => {
      path.steps = path.steps.filter((s) => s.type !== "film" && !s.image);
    }, pathFile);
    expect(noFilm.filter((p) => p.includes("stig-"))).toEqual([]);
    const themeWithoutFilm = problemsAfter((theme) => {
      theme.steps = theme.steps.filter((s) => s.type !== "film");
    });
    expect(themeWithoutFilm).toContainEqual(
      expect.stringMatching(/tema-1-.*: field steps: a theme needs at least one film step/),
    );
  });

  const brokenPaths: Array<[string, (path: RawTheme) => void, RegExp]> = [
    [
      "more than 8 steps",
      (p) => (p.steps = [...p.steps, ...p.steps.slice(0, 2).map((s, i) => ({ ...s, id: `extra-${i}` }))]),
      /stig-stotta-en-kollega\.yaml: field steps: a path has at most 8 steps/,
    ],
    [
      "fewer than 5 steps",
      (p) => (p.steps = p.steps.slice(0, 4)),
      /stig-stotta-en-kollega\.yaml: field steps: a theme needs at least 5 steps/,
    ],
    [
      "fewer than two reflection questions",
      (p) => (p.steps = p.steps.filter((s) => s.id !== "reflektion-samtalet")),
      /stig-stotta-en-kollega\.yaml: field steps: a path needs at least two reflection steps/,
    ],
    ["an unknown kind", (p) => (p.kind = "course"), /stig-stotta-en-kollega\.yaml: field kind: must be theme or path/],
  ];

  it.each(brokenPaths)("rejects a path with %s, naming the file and the field", (_name, edit, expected) => {
    const problems = problemsAfter(edit, pathFile);
    expect(
      problems.some((problem) => expected.test(problem)),
      problems.join("\n"),
    ).toBe(true);
  });
});
