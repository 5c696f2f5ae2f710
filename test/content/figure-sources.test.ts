import { describe, expect, it } from "vitest";
import { unsourcedFigures } from "../../src/domain/content/figure-sources";
import { editText, useContentCopies } from "../support/content-copies";

const copies = useContentCopies();

/** A copy of the real content with one file's text changed by `edit`; returns the load error's problems. */
const problemsAfter = (file: string, edit: (text: string) => string) =>
  copies.problemsAfter(({ contentDir }) => editText(contentDir, file, edit));

describe("a figure names its source beside it", () => {
  it("accepts a source in the same paragraph, or on the line right under it", () => {
    expect(unsourcedFigures("År 2020 anmäldes 16 procent (Källa: Brå, PTU).", "sv")).toEqual([]);
    expect(unsourcedFigures("In 2018, 84 per cent were targeted again.\n\n_Source: Brå, PTU 2019_", "en")).toEqual([]);
    expect(unsourcedFigures("Ungefär 3 av 10 tystnade _(källa: Brå 2019)_.", "sv")).toEqual([]);
  });

  it("finds a figure whose source is missing or further away", () => {
    expect(unsourcedFigures("29 % were exposed.\n\nSomething else.\n\nSource: Brå", "en")).toEqual([
      'a figure without its source beside it: "29 % were exposed.…"',
    ]);
  });

  it("refuses a help article with a figure and no source, naming the file", () => {
    const problems = problemsAfter("sv/articles/polisanmalan.md", (text) =>
      text.replace(" (Källa: Brå, Politikernas trygghetsundersökning, via TT 2021)", ""),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^content\/sv\/articles\/polisanmalan\.md: a figure without its source beside it: "Många/),
    ]);
  });

  it("refuses a theme step, a reflection question or a facilitator guide with a figure and no source", () => {
    const step = problemsAfter("en/tema-1-vad-ar-sexistiskt-hot-och-hat.yaml", (text) =>
      text.replace(
        /\n\s+_Source: Brå \(Swedish National Council for Crime Prevention\), Politicians' Safety Survey 2023_\n/,
        "\n",
      ),
    );
    expect(step).toEqual([
      expect.stringMatching(
        /^content\/en\/tema-1-vad-ar-sexistiskt-hot-och-hat\.yaml: step 1 \('valkommen'\), field body: a figure/,
      ),
    ]);
    const question = problemsAfter("sv/tema-3-forovarna.yaml", (text) =>
      text.replace(
        "Vad i det som hände fick dig att reagera?",
        "Hälften av alla reagerar, 50 procent. Vad i det som hände fick dig att reagera?",
      ),
    );
    expect(question).toEqual([expect.stringMatching(/step \d+ \('reflektion-bedomning'\), field question: a figure/)]);
    const guide = problemsAfter("sv/facilitator-guide.yaml", (text) =>
      text.replace(" _(källa: Brå, Politikernas trygghetsundersökning 2019)_", ""),
    );
    expect(guide).toEqual([
      expect.stringMatching(/^content\/sv\/facilitator-guide\.yaml: field followUp\.body: a figure/),
    ]);
  });

  it("refuses a film scene whose captions give a figure with no source on screen", () => {
    const problems = problemsAfter("sv/films/forbered-dig.yaml", (text) =>
      text.replace(
        '"Bestäm vem som svarar i telefon och dörr, och vem ni ringer."',
        '"Bara 16 procent av händelserna polisanmäls."',
      ),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^content\/sv\/films\/forbered-dig\.yaml: field scenes\.\d+\.screen\.source: a figure in the captions needs its source on screen/,
      ),
    );
  });
});
