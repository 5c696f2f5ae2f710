import { z } from "zod/v4";
import { figurePattern } from "../content/figure-sources";

/**
 * A film script (content/<lang>/films/<id>.yaml): the film the bot renders itself with `npm run films`.
 * Scenes carry no speech: what is said is in the captions, what is shown is a few large words or a
 * pictogram. The limits below keep every scene readable on a phone and at a calm reading pace.
 */

/** Captions people can read without pausing: at most this many characters a second (subtitling guidelines say 15–17). */
export const maxCaptionCharsPerSecond = 15;
/** A caption cue is at most two short lines on a phone. */
export const maxCaptionLength = 90;
/** Large words on screen: a line of this many characters still fits at the minimum text size. */
export const maxWordsLineLength = 22;
/** Beside a pictogram there is less room for the same type size. */
export const maxWordsLineLengthBesidePictogram = 19;
export const minFilmSeconds = 120;
export const maxFilmSeconds = 240;

/** The pictograms the renderer can draw (scripts/films/pictograms.ts). */
export const pictogramNames = [
  "phone",
  "shield",
  "group",
  "bubble",
  "checklist",
  "home",
  "scale",
  "heart",
  "warning",
  "eye",
] as const;

const text = z.string().trim().min(1, "must not be empty");

const screenSchema = z
  .strictObject({
    /** One to three short lines in large type. */
    words: z
      .array(text.max(maxWordsLineLength, `a line on screen has at most ${maxWordsLineLength} characters`))
      .min(1)
      .max(3, "at most three lines on screen"),
    /** Drawn beside the words. */
    pictogram: z.enum(pictogramNames).optional(),
    /** Where a figure comes from, shown beside it. Required when the words hold a figure. */
    source: text.max(48, "a source line has at most 48 characters").optional(),
    /** A label above the words, e.g. "Sammansatt exempel" for a composite case. */
    label: text.max(28, "a label has at most 28 characters").optional(),
  })
  .superRefine((screen, ctx) => {
    if (screen.pictogram && screen.words.some((line) => line.length > maxWordsLineLengthBesidePictogram)) {
      ctx.addIssue({
        code: "custom",
        path: ["words"],
        message: `beside a pictogram a line has at most ${maxWordsLineLengthBesidePictogram} characters`,
      });
    }
    if (screen.words.some((line) => /\d/.test(line)) && !screen.source) {
      ctx.addIssue({ code: "custom", path: ["source"], message: "a figure on screen needs its source beside it" });
    }
  });

const sceneSchema = z
  .strictObject({
    /** Starts a new chapter (a chapter mark in the player and a heading in the transcript). */
    chapter: text.max(60).optional(),
    /** Seconds. */
    duration: z.number().int().min(4, "a scene lasts at least 4 seconds").max(30, "a scene lasts at most 30 seconds"),
    screen: screenSchema,
    captions: z
      .array(text.max(maxCaptionLength, `a caption line has at most ${maxCaptionLength} characters`))
      .min(1, "a scene needs at least one caption line"),
  })
  .superRefine((scene, ctx) => {
    const characters = scene.captions.join(" ").length;
    if (characters / scene.duration > maxCaptionCharsPerSecond) {
      const needed = Math.ceil(characters / maxCaptionCharsPerSecond);
      ctx.addIssue({
        code: "custom",
        path: ["duration"],
        message: `${characters} characters of captions need at least ${needed} seconds to be read`,
      });
    }
    if (figurePattern.test(scene.captions.join(" ")) && !scene.screen.source) {
      ctx.addIssue({
        code: "custom",
        path: ["screen", "source"],
        message: "a figure in the captions needs its source on screen beside it",
      });
    }
  });

export const filmScriptSchema = z
  .strictObject({
    title: text,
    scenes: z.array(sceneSchema).min(3),
  })
  .superRefine((script, ctx) => {
    if (!script.scenes[0]?.chapter) {
      ctx.addIssue({ code: "custom", path: ["scenes", 0, "chapter"], message: "the first scene starts a chapter" });
    }
    const seconds = script.scenes.reduce((sum, scene) => sum + scene.duration, 0);
    if (seconds < minFilmSeconds || seconds > maxFilmSeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["scenes"],
        message: `the film runs ${seconds} s; a film runs ${minFilmSeconds}–${maxFilmSeconds} s`,
      });
    }
  });

export type FilmScript = z.infer<typeof filmScriptSchema>;
export type FilmScene = FilmScript["scenes"][number];
export type Pictogram = (typeof pictogramNames)[number];
