import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { loadContent } from "../../src/domain/content/content-catalog";
import { filmPlayback } from "../../src/domain/films/film-files";
import { useContentCopies } from "../support/content-copies";

const themeFile = "sv/tema-1-vad-ar-sexistiskt-hot-och-hat.yaml";
const scriptFile = "sv/films/vad-ar-sexistiskt-hot-och-hat.yaml";
type RawTheme = { steps: Array<Record<string, unknown> & { film?: Record<string, unknown> }> };

/** Copies of the real content and public/ folder, changed by a test; `problemsAfter` returns the load's problems. */
const { problemsAfter } = useContentCopies({ withPublic: true });

function editFilmStep(contentDir: string, edit: (film: Record<string, unknown>) => void): void {
  const file = path.join(contentDir, themeFile);
  const theme = YAML.parse(readFileSync(file, "utf8")) as RawTheme;
  edit(theme.steps.find((step) => step.type === "film")!.film!);
  writeFileSync(file, YAML.stringify(theme));
}

/** What an editor does with a filmed interview: a URL, a captions file, the transcript. No code. */
function useFilmedInterview(contentDir: string, publicDir: string, transcript: string): void {
  writeFileSync(
    path.join(publicDir, "films/intervju.sv.vtt"),
    "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Intervjuaren>Vad gör du när hotet kommer?\n\n" +
      "00:00:04.000 --> 00:00:09.500\nJag sparar allt\noch ringer säkerhetsansvarig.\n",
  );
  editFilmStep(contentDir, (film) => {
    delete film.script;
    film.url = "https://www.youtube.com/watch?v=abc123";
    film.captions = "films/intervju.sv.vtt";
    film.transcript = transcript;
  });
}

describe("film validation", () => {
  it("accepts the shipped films: each rendered from its current script, transcript equal to the captions", () => {
    const catalog = loadContent();
    for (const language of ["sv", "en"] as const) {
      for (const theme of catalog.themes(language)) {
        const film = theme.steps.find((step) => step.type === "film");
        expect(film?.type === "film" && filmPlayback(film.film, language).kind, theme.id).toBe("own");
      }
    }
  });

  it("refuses a film with a URL but no captions", () => {
    const problems = problemsAfter(({ contentDir }) =>
      editFilmStep(contentDir, (film) => {
        delete film.script;
        film.url = "https://www.youtube.com/watch?v=abc123";
      }),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /tema-1-.*: step \d \('film-[a-z-]+'\), field film\.captions: a film with a URL needs captions/,
      ),
    );
  });

  it("refuses a rendered film whose transcript says something else than its captions", () => {
    const problems = problemsAfter(({ contentDir }) =>
      editFilmStep(contentDir, (film) => {
        film.transcript = `${film.transcript as string}\n\nEn mening som inte finns i filmen.`;
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/field film\.transcript: the transcript and the captions .* say different things/),
    ]);
  });

  it("refuses a film script that changed after its film was rendered, and says to run npm run films", () => {
    const problems = problemsAfter(({ contentDir }) => {
      const file = path.join(contentDir, scriptFile);
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace(/duration: (\d+)/, (_m, n) => `duration: ${Number(n) + 1}`),
      );
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /vad-ar-sexistiskt-hot-och-hat\.sv\.mp4: content\/sv\/films\/.*\.yaml has changed since the film was rendered; run `npm run films`/,
      ),
    );
  });

  it("refuses a rendered film missing from the manifest", () => {
    const problems = problemsAfter(({ publicDir }) => {
      const file = path.join(publicDir, "films/manifest.json");
      const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      delete manifest["vad-ar-sexistiskt-hot-och-hat.sv"];
      writeFileSync(file, JSON.stringify(manifest));
    });
    expect(problems).toEqual([expect.stringMatching(/not in public\/films\/manifest\.json; run `npm run films`/)]);
  });

  it("refuses a film script whose figure on screen has no source beside it", () => {
    const problems = problemsAfter(({ contentDir }) => {
      const file = path.join(contentDir, scriptFile);
      writeFileSync(file, readFileSync(file, "utf8").replace(/\n\s+source: "Källa: Brå, PTU 2023"/, ""));
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /films\/vad-ar-sexistiskt-hot-och-hat\.yaml: field scenes\.\d+\.screen\.source: a figure on screen needs its source/,
      ),
    );
  });

  it("accepts a filmed interview with a URL and a captions file that match the transcript, with no code change", () => {
    const problems = problemsAfter(({ contentDir, publicDir }) =>
      useFilmedInterview(
        contentDir,
        publicDir,
        "Vad gör du när hotet kommer?\n\nJag sparar allt och ringer säkerhetsansvarig.",
      ),
    );
    expect(problems).toEqual([]);
  });

  it("refuses a filmed interview whose captions file says something else than the transcript", () => {
    const problems = problemsAfter(({ contentDir, publicDir }) =>
      useFilmedInterview(contentDir, publicDir, "Vad gör du när hotet kommer? Jag raderar allt."),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /field film\.transcript: the transcript and the captions \(films\/intervju\.sv\.vtt\) say different things/,
      ),
    ]);
  });
});
