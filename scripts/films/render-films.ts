/**
 * `npm run films`: renders every film script in content/<lang>/films/ to public/films/:
 * <id>.<lang>.mp4 (H.264, 1280 × 720), <id>.<lang>.vtt (captions), <id>.<lang>.chapters.vtt, and
 * public/films/manifest.json with the hash of the script each film was made from. Films whose script
 * has not changed are skipped; `npm run films -- --all` renders everything again. The transcript of each
 * film step rendered from a script is set to the script's captions (they must be the same words).
 *
 * Frames are drawn as SVG and rasterised with resvg; ffmpeg comes from @ffmpeg-installer (the binary
 * ships inside the npm package, nothing is downloaded at run time).
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { Resvg } from "@resvg/resvg-js";
import YAML from "yaml";
import { defaultContentDir, defaultPublicDir } from "../../src/domain/content/content-catalog";
import { languages, type Language } from "../../src/domain/content/language";
import {
  filmManifestFile,
  manifestKey,
  scriptFilmFiles,
  scriptSha256,
  type FilmManifest,
} from "../../src/domain/films/film-files";
import { filmScriptSchema, type FilmScript } from "../../src/domain/films/film-script-schema";
import { captionCues, chapterCues, filmSeconds, sceneTimes } from "../../src/domain/films/film-timeline";
import { webVtt } from "../../src/domain/films/webvtt";
import { sceneFrameSvg } from "./scene-frame";
import { syncTranscripts } from "./sync-transcripts";

const fps = 20;
const entranceSeconds = 1;
const exitSeconds = 0.4;
/** The issue's ceiling is 8 MB; these films are far smaller, and a big one means something went wrong. */
const maxBytes = 8 * 1024 * 1024;

function main(): void {
  const all = process.argv.includes("--all");
  const manifestPath = path.join(defaultPublicDir, filmManifestFile);
  const manifest: FilmManifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : {};
  mkdirSync(path.dirname(manifestPath), { recursive: true });
  let failures = 0;
  for (const language of languages) {
    const dir = path.join(defaultContentDir, language, "films");
    if (!existsSync(dir)) continue;
    const scripts = new Map<string, FilmScript>();
    for (const name of readdirSync(dir)
      .filter((file) => file.endsWith(".yaml"))
      .sort()) {
      const scriptId = name.replace(/\.yaml$/, "");
      const text = readFileSync(path.join(dir, name), "utf8");
      const parsed = filmScriptSchema.safeParse(YAML.parse(text));
      if (!parsed.success) {
        failures++;
        for (const issue of parsed.error.issues) {
          console.error(`content/${language}/films/${name}: ${issue.path.join(".")}: ${issue.message}`);
        }
        continue;
      }
      scripts.set(scriptId, parsed.data);
      const key = manifestKey(scriptId, language);
      const hash = scriptSha256(text);
      const files = scriptFilmFiles(scriptId, language);
      if (!all && manifest[key]?.scriptSha256 === hash && existsSync(path.join(defaultPublicDir, files.video))) {
        console.log(`${files.video}: up to date`);
        continue;
      }
      const bytes = renderFilm(parsed.data, scriptId, language);
      manifest[key] = { scriptSha256: hash, seconds: filmSeconds(parsed.data), bytes };
      writeFileSync(manifestPath, `${JSON.stringify(sortKeys(manifest), null, 2)}\n`);
    }
    for (const change of syncTranscripts(defaultContentDir, language, scripts))
      console.log(`${change}: set to the captions`);
  }
  if (failures > 0) process.exitCode = 1;
}

function renderFilm(script: FilmScript, scriptId: string, language: Language): number {
  const files = scriptFilmFiles(scriptId, language);
  const started = Date.now();
  writeFileSync(path.join(defaultPublicDir, files.captions), webVtt(captionCues(script)));
  writeFileSync(path.join(defaultPublicDir, files.chapters), webVtt(chapterCues(script)));

  const work = mkdtempSync(path.join(os.tmpdir(), `film-${scriptId}-`));
  try {
    const list: string[] = ["ffconcat version 1.0"];
    let frameNumber = 0;
    const frame = (svg: string, seconds: number) => {
      const file = path.join(work, `f${String(frameNumber++).padStart(5, "0")}.png`);
      writeFileSync(file, rasterise(svg));
      list.push(`file '${file}'`, `duration ${seconds.toFixed(3)}`);
      return file;
    };
    let last = "";
    for (const { start, end, index } of sceneTimes(script)) {
      const scene = script.scenes[index];
      const duration = end - start;
      const step = 1 / fps;
      for (let t = 0; t < entranceSeconds; t += step)
        frame(sceneFrameSvg(scene, { sinceStart: t, visibility: 1 }), step);
      const hold = duration - entranceSeconds - exitSeconds;
      last = frame(sceneFrameSvg(scene, { sinceStart: entranceSeconds, visibility: 1 }), hold);
      for (let t = step; t <= exitSeconds + 1e-9; t += step) {
        last = frame(sceneFrameSvg(scene, { sinceStart: entranceSeconds, visibility: 1 - t / exitSeconds }), step);
      }
    }
    // The concat demuxer ignores the last entry's duration unless the file is listed once more.
    list.push(`file '${last}'`);
    writeFileSync(path.join(work, "frames.ffconcat"), `${list.join("\n")}\n`);
    const output = path.join(defaultPublicDir, files.video);
    execFileSync(
      ffmpeg.path,
      [
        ...["-y", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", path.join(work, "frames.ffconcat")],
        // Variable frame rate: a held frame is stored once, not twenty times a second, which keeps
        // encoding fast and the file small; a keyframe at least every 40 frames keeps seeking quick.
        ...["-vsync", "vfr", "-vf", "format=yuv420p", "-c:v", "libx264", "-preset", "medium", "-crf", "26"],
        ...["-g", "40", "-tune", "stillimage", "-profile:v", "high", "-movflags", "+faststart", "-an"],
        ...["-metadata", `title=${script.title}`, "-metadata", `language=${language === "sv" ? "swe" : "eng"}`],
        output,
      ],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
    const bytes = statSync(output).size;
    if (bytes > maxBytes) throw new Error(`${files.video} is ${bytes} bytes, over the ${maxBytes} byte limit`);
    console.log(
      `${files.video}: ${filmSeconds(script)} s, ${Math.round(bytes / 1024)} kB, ${frameNumber} frames, ` +
        `${Math.round((Date.now() - started) / 1000)} s to render`,
    );
    return bytes;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The two faces the frames use, loaded by path: scanning every system font for each frame is what made rendering slow. */
const fontFiles = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((name) => `/usr/share/fonts/truetype/dejavu/${name}`);

function rasterise(svg: string): Buffer {
  const installed = fontFiles.every((file) => existsSync(file));
  return new Resvg(svg, {
    font: {
      ...(installed ? { fontFiles, loadSystemFonts: false } : { loadSystemFonts: true }),
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  })
    .render()
    .asPng();
}

function sortKeys(manifest: FilmManifest): FilmManifest {
  return Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
}

main();
