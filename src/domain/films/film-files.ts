import { createHash } from "node:crypto";
import type { Film } from "../content/content-schema";
import type { Language } from "../content/language";

/**
 * Where a film's files are, relative to public/ (served at PUBLIC_URL/static/). A film rendered from
 * a script has fixed names per language; a film an editor supplies names its own URL and captions.
 */

export interface ScriptFilmFiles {
  video: string;
  captions: string;
  chapters: string;
}

export function scriptFilmFiles(scriptId: string, language: Language): ScriptFilmFiles {
  const base = `films/${scriptId}.${language}`;
  return { video: `${base}.mp4`, captions: `${base}.vtt`, chapters: `${base}.chapters.vtt` };
}

/** What a film step can play: nothing yet, a film on another host, or a film the bot serves itself. */
export type FilmPlayback =
  | { kind: "none" }
  | { kind: "elsewhere"; url: string; captions: string }
  | { kind: "own"; video: string; captions: string; chapters?: string; scriptId?: string };

export function filmPlayback(film: Film, language: Language): FilmPlayback {
  if (film.script) return { kind: "own", ...scriptFilmFiles(film.script, language), scriptId: film.script };
  if (!film.url || !film.captions) return { kind: "none" };
  if (film.url.startsWith("https:")) return { kind: "elsewhere", url: film.url, captions: film.captions };
  return { kind: "own", video: film.url, captions: film.captions };
}

/** public/films/manifest.json: which script text each rendered film was made from. */
export const filmManifestFile = "films/manifest.json";

export interface FilmManifestEntry {
  scriptSha256: string;
  seconds: number;
  bytes: number;
}
export type FilmManifest = Record<string, FilmManifestEntry>;

export const manifestKey = (scriptId: string, language: Language) => `${scriptId}.${language}`;

/** Line endings do not count, so a checkout on Windows does not make every film look stale. */
export function scriptSha256(scriptText: string): string {
  return createHash("sha256").update(scriptText.replace(/\r\n?/g, "\n")).digest("hex");
}
