import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { FilmStep } from "../content/content-schema";
import type { Language } from "../content/language";
import type { FilmScript } from "./film-script-schema";
import { captionCues, captionText, chapterCues, filmSeconds } from "./film-timeline";
import { filmPlayback, manifestKey, scriptFilmFiles, scriptSha256, type FilmManifest } from "./film-files";
import { cuePlainText, parseWebVtt, webVtt, WebVttError } from "./webvtt";

/** A loaded film script with the text it was parsed from (what the manifest's hash is taken of). */
export interface LoadedFilmScript {
  script: FilmScript;
  text: string;
  file: string;
}

export interface FilmCheckInput {
  step: FilmStep;
  language: Language;
  publicDir: string;
  scripts: ReadonlyMap<string, LoadedFilmScript>;
  manifest: FilmManifest | undefined;
}

/**
 * What would make a film step fail its viewers: captions missing or unreadable, a transcript that
 * says something else than the captions, or a rendered film older than its script.
 */
export function filmProblems({ step, language, publicDir, scripts, manifest }: FilmCheckInput): string[] {
  const playback = filmPlayback(step.film, language);
  if (playback.kind === "none") return [];
  const problems: string[] = [];
  const missing = (file: string) => !existsSync(path.join(publicDir, file));

  if (playback.kind === "own" && missing(playback.video)) {
    problems.push(`film ${playback.video}: file not found in public/${rerender(step)}`);
  }

  if (step.film.script) {
    const loaded = scripts.get(step.film.script);
    if (!loaded)
      return [...problems, `film script content/${language}/films/${step.film.script}.yaml: file is missing`];
    problems.push(...scriptProblems(step, language, loaded, publicDir, manifest));
    problems.push(...transcriptProblems(step.film.transcript, captionText(loaded.script), loaded.file));
    return problems;
  }

  if (missing(playback.captions)) return [...problems, `film captions ${playback.captions}: file not found in public/`];
  try {
    const cues = parseWebVtt(readFileSync(path.join(publicDir, playback.captions), "utf8"));
    if (cues.length === 0) return [...problems, `film captions ${playback.captions}: has no cues`];
    problems.push(...transcriptProblems(step.film.transcript, cues.map(cuePlainText).join(" "), playback.captions));
  } catch (error) {
    if (!(error instanceof WebVttError)) throw error;
    problems.push(`film captions ${playback.captions}: not valid WebVTT: ${error.message}`);
  }
  return problems;
}

function scriptProblems(
  step: FilmStep,
  language: Language,
  { script, text, file }: LoadedFilmScript,
  publicDir: string,
  manifest: FilmManifest | undefined,
): string[] {
  const problems: string[] = [];
  const files = scriptFilmFiles(step.film.script!, language);
  const entry = manifest?.[manifestKey(step.film.script!, language)];
  if (!entry) {
    problems.push(`film ${files.video}: not in public/films/manifest.json${rerender(step)}`);
  } else if (entry.scriptSha256 !== scriptSha256(text)) {
    problems.push(`film ${files.video}: ${file} has changed since the film was rendered${rerender(step)}`);
  }
  const expected: Array<[string, string]> = [
    [files.captions, webVtt(captionCues(script))],
    [files.chapters, webVtt(chapterCues(script))],
  ];
  for (const [vttFile, content] of expected) {
    const full = path.join(publicDir, vttFile);
    if (!existsSync(full) || readFileSync(full, "utf8") !== content) {
      problems.push(`film ${vttFile}: missing or not made from ${file}${rerender(step)}`);
    }
  }
  const minutes = Math.max(1, Math.round(filmSeconds(script) / 60));
  if (step.film.durationMinutes !== undefined && step.film.durationMinutes !== minutes) {
    problems.push(`field film.durationMinutes: the film runs ${filmSeconds(script)} s, so it should say ${minutes}`);
  }
  return problems;
}

/** Word for word, ignoring only how the lines are broken. */
function transcriptProblems(transcript: string, captions: string, captionsSource: string): string[] {
  const said = words(transcript);
  const shown = words(captions);
  const at = said.findIndex((word, i) => word !== shown[i]);
  const differsAt = at >= 0 ? at : said.length !== shown.length ? Math.min(said.length, shown.length) : -1;
  if (differsAt < 0) return [];
  const around = (list: string[]) => list.slice(Math.max(0, differsAt - 3), differsAt + 5).join(" ") || "(end)";
  return [
    `field film.transcript: the transcript and the captions (${captionsSource}) say different things: ` +
      `transcript "…${around(said)}…", captions "…${around(shown)}…"`,
  ];
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

const rerender = (step: FilmStep) => (step.film.script ? "; run `npm run films`" : "");
