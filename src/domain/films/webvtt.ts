import type { TimedText } from "./film-timeline";

/** WebVTT (https://www.w3.org/TR/webvtt1/): writing the files the player loads, and reading an editor's file back. */

export function webVtt(cues: readonly TimedText[]): string {
  const blocks = cues.map((cue, i) => `${i + 1}\n${timestamp(cue.start)} --> ${timestamp(cue.end)}\n${cue.text}`);
  return `WEBVTT\n\n${blocks.join("\n\n")}\n`;
}

export class WebVttError extends Error {}

/** The cues of a WebVTT file. Only what a caption file needs is read; styling and regions are skipped. */
export function parseWebVtt(source: string): TimedText[] {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (!/^WEBVTT(?:[ \t].*)?(?:\n|$)/.test(text)) throw new WebVttError("does not start with WEBVTT");
  const cues: TimedText[] = [];
  for (const block of text.split(/\n{2,}/).slice(1)) {
    const lines = block.split("\n").filter((line) => line.length > 0);
    const timingAt = lines.findIndex((line) => line.includes("-->"));
    if (timingAt < 0) continue; // NOTE, STYLE and REGION blocks
    const match = /^\s*(\S+)\s+-->\s+(\S+)/.exec(lines[timingAt]);
    const start = match ? seconds(match[1]) : undefined;
    const end = match ? seconds(match[2]) : undefined;
    if (start === undefined || end === undefined || end < start) {
      throw new WebVttError(`bad cue timing '${lines[timingAt]}'`);
    }
    cues.push({ start, end, text: lines.slice(timingAt + 1).join("\n") });
  }
  return cues;
}

/** A cue's words without voice or styling tags: what a reader of the captions sees. */
export function cuePlainText(cue: TimedText): string {
  return cue.text
    .replace(/<[^>]*>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ");
}

function timestamp(totalSeconds: number): string {
  const ms = Math.round(totalSeconds * 1000);
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const secs = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(hours)}:${pad(minutes)}:${pad(secs)}.${pad(ms % 1000, 3)}`;
}

function seconds(value: string): number | undefined {
  const match = /^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})$/.exec(value);
  if (!match) return undefined;
  const [, h = "0", m, s, ms] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
}
