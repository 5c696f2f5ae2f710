import { cpSync, readdirSync, readFileSync, unlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultContentDir, loadContent } from "../../src/domain/content/content-catalog";
import { languages } from "../../src/domain/content/language";
import { editYaml, useContentCopies } from "../support/content-copies";

type RawGuide = { runningOrder: Array<{ title: string; minutes: number; steps?: string[]; body: string }> } & Record<
  string,
  unknown
>;

const guideFile = "sv/facilitator-guides/forovarna.yaml";

const copies = useContentCopies();

/** A copy of the real content changed by `change` (which gets the copy's folder); returns the load's problems. */
const problemsAfter = (change: (contentDir: string) => void) =>
  copies.problemsAfter(({ contentDir }) => change(contentDir));

const editGuide = (edit: (guide: RawGuide) => void) => (contentDir: string) =>
  editYaml<RawGuide>(contentDir, guideFile, edit);

describe("facilitator guides (content/<lang>/facilitator-guides/<themeId>.yaml)", () => {
  it("ships a guide for every theme and path in every language, each walking all of its steps", () => {
    const catalog = loadContent();
    for (const language of languages) {
      for (const theme of [...catalog.themes(language), ...catalog.paths(language)]) {
        const guide = catalog.facilitatorGuide(language, theme.id);
        expect(guide, `${language} ${theme.id}`).toBeDefined();
        const walked = guide!.runningOrder.flatMap((part) => part.steps);
        expect([...walked].sort()).toEqual(theme.steps.map((step) => step.id).sort());
      }
      expect(catalog.facilitatorGuideText(language).groundRules.rules.length).toBeGreaterThanOrEqual(6);
    }
  });

  it("writes no phone number of its own: the crisis lines on the page are kris.yaml's", () => {
    const numbers = /\b(112|114 ?14|116 ?006|90 ?101|1177|020-?50 ?50 ?50)\b/;
    for (const language of languages) {
      const dir = path.join(defaultContentDir, language);
      const files = [
        path.join(dir, "facilitator-guide.yaml"),
        ...readdirSync(path.join(dir, "facilitator-guides")).map((name) => path.join(dir, "facilitator-guides", name)),
      ];
      for (const file of files) expect(readFileSync(file, "utf8"), file).not.toMatch(numbers);
    }
  });

  it("rejects a theme without a guide, naming the file to add", () => {
    const problems = problemsAfter((contentDir) => unlinkSync(path.join(contentDir, guideFile)));
    expect(problems).toEqual([
      "content/sv/facilitator-guides/forovarna.yaml: file is missing (the facilitator guide of 'Förövarna')",
    ]);
  });

  it("rejects a guide for a theme that does not exist", () => {
    const problems = problemsAfter((contentDir) =>
      cpSync(path.join(contentDir, guideFile), path.join(contentDir, "sv/facilitator-guides/finns-inte.yaml")),
    );
    expect(problems).toEqual([
      "content/sv/facilitator-guides/finns-inte.yaml: no theme or path has the id 'finns-inte' (name the file <themeId>.yaml)",
    ]);
  });

  const brokenGuides: Array<[string, (guide: RawGuide) => void, RegExp]> = [
    [
      "a step the theme does not have",
      (g) => g.runningOrder[1].steps!.push("finns-inte"),
      /forovarna\.yaml: running order part 2 \('.+'\): the theme has no step 'finns-inte'/,
    ],
    [
      "a step left out",
      (g) => (g.runningOrder[1].steps = g.runningOrder[1].steps!.filter((id) => id !== "vad-vi-vet")),
      /forovarna\.yaml: running order: no part walks the step\(s\) vad-vi-vet/,
    ],
    [
      "a step walked twice",
      (g) => g.runningOrder[2].steps!.push("intro"),
      /forovarna\.yaml: running order part 3 \('.+'\): step 'intro' is already walked in an earlier part/,
    ],
    [
      "parts out of the theme's order",
      (g) => ([g.runningOrder[1], g.runningOrder[2]] = [g.runningOrder[2], g.runningOrder[1]]),
      /forovarna\.yaml: running order part 3 \('.+'\): its steps come before those of an earlier part/,
    ],
    [
      "advice on a question the theme does not ask",
      (g) => ((g.questionNotes as Record<string, string>).intro = "Ett råd."),
      /forovarna\.yaml: field questionNotes\.intro: the theme has no reflection step 'intro'/,
    ],
    [
      "a meeting longer than 90 minutes",
      (g) => (g.runningOrder[0].minutes = 40),
      /forovarna\.yaml: running order: adds up to 94 minutes; a group session takes 30–90/,
    ],
    ["a part without a text", (g) => (g.runningOrder[0].body = " "), /forovarna\.yaml: field runningOrder\.0\.body: /],
    ["a missing purpose", (g) => delete g.purpose, /forovarna\.yaml: field purpose: /],
  ];

  it.each(brokenGuides)("rejects a guide with %s, naming the file and the field", (_name, edit, expected) => {
    const problems = problemsAfter(editGuide(edit));
    expect(
      problems.some((problem) => expected.test(problem)),
      problems.join("\n"),
    ).toBe(true);
  });

  it("rejects the common guide text without its ground rules, or with a length that cannot show the minutes", () => {
    const problems = problemsAfter((contentDir) =>
      editYaml<Record<string, unknown>>(contentDir, "en/facilitator-guide.yaml", (text) => {
        delete text.groundRules;
        text.length = "About an hour";
      }),
    );
    expect(problems).toContainEqual(expect.stringMatching(/en\/facilitator-guide\.yaml: field groundRules: /));
    expect(problems).toContainEqual("content/en/facilitator-guide.yaml: field length: must hold {minutes}");
  });

  it("lets steps be reordered inside one part without touching the guide", () => {
    const problems = problemsAfter((contentDir) => {
      for (const language of languages) {
        editYaml<{ steps: Array<{ id: string }> }>(contentDir, `${language}/tema-3-forovarna.yaml`, (theme) => {
          [theme.steps[1], theme.steps[2]] = [theme.steps[2], theme.steps[1]];
        });
      }
    });
    expect(problems).toEqual([]);
  });
});
