/**
 * Reads the graphics' SVG sources the way a reader sees them: each text, its colour, and what is drawn
 * behind it, so contrast (WCAG 2.1 AA 1.4.3, 4.5:1) and size on a phone can be checked without rendering.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const graphicsDir = resolve(__dirname, "..", "..", "assets", "graphics");
/** Teams shows a card image about this wide on a phone. */
export const phoneImageWidth = 320;
export const smallestReadablePx = 12;
export const minimumContrast = 4.5;

export interface Rgb {
  r: number;
  g: number;
  b: number;
}
interface Shape {
  contains(x: number, y: number): boolean;
  fill: Rgb;
  opacity: number;
}
export interface TextItem {
  x: number;
  y: number;
  size: number;
  fill: Rgb;
  text: string;
  behind: Shape[];
}

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
}

export function hex(value: string): Rgb | undefined {
  const match = /^#([0-9a-f]{6})$/i.exec(value.trim());
  if (!match) return undefined;
  const n = parseInt(match[1], 16);
  return { r: n >> 16, g: (n >> 8) & 255, b: n & 255 };
}

/** The bounding box of a path: enough here, since shapes behind text are boxes, bands and circles. */
function pathBox(d: string): [number, number, number, number] {
  const tokens = d.match(/[a-zA-Z]|-?\d*\.?\d+(?:e-?\d+)?/g) ?? [];
  let x = 0;
  let y = 0;
  const xs: number[] = [];
  const ys: number[] = [];
  let command = "M";
  const take = () => Number(tokens.shift());
  while (tokens.length > 0) {
    if (/[a-zA-Z]/.test(tokens[0] ?? "")) command = tokens.shift()!;
    const relative = command === command.toLowerCase();
    switch (command.toUpperCase()) {
      case "M":
      case "L":
      case "T": {
        const nx = take();
        const ny = take();
        x = relative ? x + nx : nx;
        y = relative ? y + ny : ny;
        break;
      }
      case "H":
        x = relative ? x + take() : take();
        break;
      case "V":
        y = relative ? y + take() : take();
        break;
      case "A": {
        tokens.splice(0, 5);
        const nx = take();
        const ny = take();
        x = relative ? x + nx : nx;
        y = relative ? y + ny : ny;
        break;
      }
      case "C":
      case "S":
      case "Q": {
        const count = { C: 6, S: 4, Q: 4 }[command.toUpperCase() as "C" | "S" | "Q"];
        const values = tokens.splice(0, count).map(Number);
        x = relative ? x + values[count - 2] : values[count - 2];
        y = relative ? y + values[count - 1] : values[count - 1];
        break;
      }
      case "Z":
        break;
      default:
        tokens.shift();
    }
    xs.push(x);
    ys.push(y);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function shapeOf(name: string, attrs: Record<string, string>): Shape | undefined {
  const fill = attrs.fill ? hex(attrs.fill) : undefined;
  if (!fill) return undefined;
  const opacity = Number(attrs["fill-opacity"] ?? 1) * Number(attrs.opacity ?? 1);
  const n = (key: string, fallback = 0) => Number(attrs[key] ?? fallback);
  if (name === "rect") {
    const [x, y, w, h] = [n("x"), n("y"), n("width"), n("height")];
    return { fill, opacity, contains: (px, py) => px >= x && px <= x + w && py >= y && py <= y + h };
  }
  if (name === "circle") {
    const [cx, cy, r] = [n("cx"), n("cy"), n("r")];
    return { fill, opacity, contains: (px, py) => (px - cx) ** 2 + (py - cy) ** 2 <= r ** 2 };
  }
  if (name === "path" && attrs.d) {
    const [x1, y1, x2, y2] = pathBox(attrs.d);
    return { fill, opacity, contains: (px, py) => px >= x1 && px <= x2 && py >= y1 && py <= y2 };
  }
  return undefined;
}

export function readSvg(file: string): { width: number; texts: TextItem[] } {
  const svg = readFileSync(join(graphicsDir, file), "utf8");
  const width = Number(attributes(/<svg\b[^>]*>/.exec(svg)![0]).width);
  const shapes: Shape[] = [];
  const texts: TextItem[] = [];
  for (const match of svg.matchAll(/<(rect|circle|path|text)\b([^>]*)>(?:([^<]*)<\/text>)?/g)) {
    const [, name, rawAttributes, content] = match;
    const attrs = attributes(rawAttributes);
    if (name === "text") {
      const size = Number(attrs["font-size"]);
      const x = Number(attrs.x);
      const anchor = attrs["text-anchor"] ?? "start";
      // A point inside the first glyphs, half way up the x-height: what the reader's eye sits on.
      const sampleX = anchor === "start" ? x + size * 0.3 : anchor === "end" ? x - size * 0.3 : x;
      const sampleY = Number(attrs.y) - size * 0.35;
      texts.push({
        x: sampleX,
        y: sampleY,
        size,
        fill: hex(attrs.fill ?? "#000000")!,
        text: content ?? "",
        behind: shapes.filter((shape) => shape.contains(sampleX, sampleY)),
      });
    } else {
      const shape = shapeOf(name, attrs);
      if (shape) shapes.push(shape);
    }
  }
  return { width, texts };
}

export function blend(layers: Shape[]): Rgb {
  return layers.reduce<Rgb>(
    (below, layer) => ({
      r: layer.fill.r * layer.opacity + below.r * (1 - layer.opacity),
      g: layer.fill.g * layer.opacity + below.g * (1 - layer.opacity),
      b: layer.fill.b * layer.opacity + below.b * (1 - layer.opacity),
    }),
    { r: 255, g: 255, b: 255 },
  );
}

function luminance({ r, g, b }: Rgb): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** Everything unreadable in every SVG under assets/graphics, one line each; empty when all is well. */
export function graphicProblems(): string[] {
  const problems: string[] = [];
  for (const file of readdirSync(graphicsDir).filter((name) => name.endsWith(".svg"))) {
    const { width, texts } = readSvg(file);
    for (const text of texts) {
      const ratio = contrast(text.fill, blend(text.behind));
      if (ratio < minimumContrast)
        problems.push(`${file}: "${text.text}" has contrast ${ratio.toFixed(2)}:1 (needs ${minimumContrast}:1)`);
      const onPhone = text.size * (phoneImageWidth / width);
      if (onPhone < smallestReadablePx)
        problems.push(`${file}: "${text.text}" is ${onPhone.toFixed(1)} px on a phone (needs ${smallestReadablePx})`);
    }
  }
  return problems;
}

if (require.main === module) {
  const problems = graphicProblems();
  for (const problem of problems) console.error(problem);
  console.log(
    problems.length === 0
      ? "assets/graphics: every text readable: OK"
      : `${problems.length} problem(s) in assets/graphics`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
