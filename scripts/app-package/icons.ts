import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { PNG } from "pngjs";

/** The two icons Teams needs, with the sizes the manifest schema documents. */
export const iconSpecs = {
  color: { file: "color.png", source: "color.svg", size: 192 },
  outline: { file: "outline.png", source: "outline.svg", size: 32 },
} as const;
export type IconKind = keyof typeof iconSpecs;

/** Renders an icon's SVG source (appPackage/icons-src/) to a PNG at its exact Teams size. */
export function renderIcon(iconsSourceDir: string, kind: IconKind): Buffer {
  const spec = iconSpecs[kind];
  const svg = readFileSync(path.join(iconsSourceDir, spec.source));
  const resvg = new Resvg(svg, { fitTo: { mode: "width", value: spec.size }, background: "rgba(0,0,0,0)" });
  return Buffer.from(resvg.render().asPng());
}

/** Writes color.png and outline.png next to the manifest from their SVG sources. */
export function renderIcons(appPackageDir: string): void {
  for (const kind of Object.keys(iconSpecs) as IconKind[]) {
    writeFileSync(
      path.join(appPackageDir, iconSpecs[kind].file),
      renderIcon(path.join(appPackageDir, "icons-src"), kind),
    );
  }
}

/**
 * Problems with one icon, as sentences; empty when it is fine.
 * - color: a PNG of exactly 192×192.
 * - outline: a PNG of exactly 32×32, white on a transparent background (Teams tints it; any other colour
 *   or an opaque background shows up as a block).
 */
export function checkIcon(kind: IconKind, png: Buffer): string[] {
  const spec = iconSpecs[kind];
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch (error) {
    return [`${spec.file} is not a readable PNG (${error instanceof Error ? error.message : String(error)})`];
  }
  const problems: string[] = [];
  if (image.width !== spec.size || image.height !== spec.size) {
    problems.push(`${spec.file} is ${image.width}×${image.height} pixels; Teams requires ${spec.size}×${spec.size}`);
  }
  if (kind === "outline") {
    let transparent = 0;
    let coloured = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const [r, g, b, a] = [image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]];
      if (a === 0) transparent++;
      // Anti-aliased edges are white with partial alpha; anything visibly not white is a mistake.
      else if (r < 245 || g < 245 || b < 245) coloured++;
    }
    if (transparent === 0) problems.push(`${spec.file} has no transparent pixels; its background must be transparent`);
    if (coloured > 0) problems.push(`${spec.file} has ${coloured} non-white visible pixel(s); it must be white only`);
  }
  return problems;
}
