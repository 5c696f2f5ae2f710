import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { languages } from "../../src/domain/content/language";
import { maxCaptionCharsPerSecond } from "../../src/domain/films/film-script-schema";
import { captionCues, captionText, chapterCues, filmSeconds } from "../../src/domain/films/film-timeline";
import { cuePlainText, parseWebVtt, webVtt } from "../../src/domain/films/webvtt";
import { contrastRatio, palette } from "../../scripts/films/palette";
import { minTextSize, sceneFrameSvg } from "../../scripts/films/scene-frame";

const content = loadContent();
const scripts = languages.flatMap((language) =>
  content
    .themes(language)
    .flatMap((theme) =>
      theme.steps.flatMap((step) =>
        step.type === "film" && step.film.script
          ? [[`${language} ${step.film.script}`, content.filmScript(language, step.film.script)!] as const]
          : [],
      ),
    ),
);

describe("the film scripts", () => {
  it("gives every theme a film in both languages", () => {
    expect(scripts).toHaveLength(8);
  });

  it.each(scripts)("%s runs 2–4 minutes and its captions cover the film without gaps or overlaps", (_name, script) => {
    const cues = captionCues(script);
    expect(filmSeconds(script)).toBeGreaterThanOrEqual(120);
    expect(filmSeconds(script)).toBeLessThanOrEqual(240);
    expect(cues[0].start).toBe(0);
    expect(cues.at(-1)!.end).toBe(filmSeconds(script));
    cues.slice(1).forEach((cue, i) => expect(cue.start).toBeCloseTo(cues[i].end, 2));
    for (const cue of cues)
      expect(cue.text.length / (cue.end - cue.start)).toBeLessThanOrEqual(maxCaptionCharsPerSecond * 1.01);
  });

  it.each(scripts)("%s: its WebVTT reads back as the same words, and its chapters start at 0", (_name, script) => {
    const cues = parseWebVtt(webVtt(captionCues(script)));
    expect(cues.map(cuePlainText).join(" ")).toBe(captionText(script).replace(/\n\n/g, " "));
    expect(chapterCues(script)[0].start).toBe(0);
  });

  it.each(scripts)(
    "%s: every text on screen has at least 4.5:1 contrast and is large enough for a phone",
    (_name, script) => {
      for (const scene of script.scenes) {
        const svg = sceneFrameSvg(scene, { sinceStart: 5, visibility: 1 });
        const texts = [...svg.matchAll(/<text [^>]*font-size="(\d+)"[^>]*fill="(#[0-9A-Fa-f]{6})"/g)];
        expect(texts.length).toBeGreaterThan(0);
        for (const [, size, fill] of texts) {
          const background = fill === palette.background ? palette.text : palette.background;
          expect(contrastRatio(fill, background)).toBeGreaterThanOrEqual(4.5);
          expect(Number(size)).toBeGreaterThanOrEqual(minTextSize);
        }
      }
    },
  );
});

describe("WebVTT", () => {
  it("reads cue timings with and without hours, skips NOTE blocks and refuses a file without the header", () => {
    const cues = parseWebVtt(
      "WEBVTT\n\nNOTE a comment\n\n1\n00:01.500 --> 00:03.000\nHej\n\n01:00:00.000 --> 01:00:02.250\n<v Anna>Då</v>\n",
    );
    expect(cues).toEqual([
      { start: 1.5, end: 3, text: "Hej" },
      { start: 3600, end: 3602.25, text: "<v Anna>Då</v>" },
    ]);
    expect(cuePlainText(cues[1])).toBe("Då");
    expect(() => parseWebVtt("1\n00:01.500 --> 00:03.000\nHej\n")).toThrow(/WEBVTT/);
  });
});
