/**
 * Renders every SVG source in assets/graphics/ to a PNG in public/images/ (same base name).
 *
 *   npx tsx scripts/render-graphics.ts
 *
 * The SVGs use the "DejaVu Sans" font, loaded from the system fonts. Images are rendered at their
 * own width but never wider or taller than 1024 px, so they stay small enough for Teams cards.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync, statSync } from "node:fs";
import { join, basename, resolve } from "node:path";
import { Resvg } from "@resvg/resvg-js";

const ROOT = resolve(__dirname, "..");
const SOURCE_DIR = join(ROOT, "assets", "graphics");
const TARGET_DIR = join(ROOT, "public", "images");
const MAX_SIZE = 1024;
const MAX_BYTES = 1024 * 1024;

function render(file: string): void {
  const svg = readFileSync(join(SOURCE_DIR, file), "utf8");
  // First pass only to learn the intrinsic size, so we can cap it at MAX_SIZE.
  const probe = new Resvg(svg, { font: { loadSystemFonts: false } });
  const longest = Math.max(probe.width, probe.height);
  const fitTo =
    longest > MAX_SIZE
      ? probe.width >= probe.height
        ? ({ mode: "width", value: MAX_SIZE } as const)
        : ({ mode: "height", value: MAX_SIZE } as const)
      : ({ mode: "original" } as const);

  const resvg = new Resvg(svg, {
    fitTo,
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    background: "rgba(255, 255, 255, 0)",
  });
  const png = resvg.render();
  const out = join(TARGET_DIR, `${basename(file, ".svg")}.png`);
  writeFileSync(out, png.asPng());
  const bytes = statSync(out).size;
  const warning = bytes >= MAX_BYTES ? "  WARNING: over 1 MB" : "";
  console.log(
    `${file} -> public/images/${basename(out)} (${png.width}x${png.height}, ${Math.round(bytes / 1024)} kB)${warning}`,
  );
}

mkdirSync(TARGET_DIR, { recursive: true });
const files = readdirSync(SOURCE_DIR)
  .filter((f) => f.endsWith(".svg"))
  .sort();
if (files.length === 0) {
  console.error(`No SVG files in ${SOURCE_DIR}`);
  process.exit(1);
}
files.forEach(render);
