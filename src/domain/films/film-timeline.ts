import type { FilmScript } from "./film-script-schema";

/**
 * When each scene, caption and chapter of a scripted film starts and ends. The renderer, the WebVTT
 * files and the player's chapter list all take their times from here, so they cannot drift apart.
 */

export interface TimedText {
  start: number;
  end: number;
  text: string;
}

export interface TimedScene {
  start: number;
  end: number;
  index: number;
}

export function sceneTimes(script: FilmScript): TimedScene[] {
  let start = 0;
  return script.scenes.map((scene, index) => {
    const timed = { start, end: start + scene.duration, index };
    start = timed.end;
    return timed;
  });
}

export function filmSeconds(script: FilmScript): number {
  return script.scenes.reduce((sum, scene) => sum + scene.duration, 0);
}

/** A scene's caption lines share its time in proportion to their length, so longer lines stay longer. */
export function captionCues(script: FilmScript): TimedText[] {
  return sceneTimes(script).flatMap(({ start, end, index }) => {
    const lines = script.scenes[index].captions;
    const total = lines.reduce((sum, line) => sum + line.length, 0);
    let at = start;
    return lines.map((line, i) => {
      const cueEnd = i === lines.length - 1 ? end : at + ((end - start) * line.length) / total;
      const cue = { start: round(at), end: round(cueEnd), text: line };
      at = cueEnd;
      return cue;
    });
  });
}

export function chapterCues(script: FilmScript): TimedText[] {
  const times = sceneTimes(script);
  const starts = times.filter(({ index }) => script.scenes[index].chapter);
  return starts.map(({ start, index }, i) => ({
    start,
    end: i + 1 < starts.length ? starts[i + 1].start : filmSeconds(script),
    text: script.scenes[index].chapter!,
  }));
}

/** The captions' words in order: what a film's transcript must say, no more and no less. */
export function captionText(script: FilmScript): string {
  return script.scenes.map((scene) => scene.captions.join(" ")).join("\n\n");
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;
