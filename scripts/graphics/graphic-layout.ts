/**
 * Draws the material's graphics as SVG from their texts in content/<lang>/graphics.yaml.
 *
 * Every graphic is one column of blocks on a narrow portrait canvas, because Teams on a phone shows an
 * image at roughly 320 px: at 720 px wide, the smallest text here (28 px) is still about 12 px on the
 * phone. Colours come from one palette whose text/background pairs all reach WCAG 2.1 AA (4.5:1).
 */
import { z } from "zod/v4";

export const canvasWidth = 720;
const margin = 40;
const contentWidth = canvasWidth - 2 * margin;

export const palette = {
  page: "#F4F1DE",
  box: "#FFFFFF",
  ink: "#1F3A5F",
  muted: "#3D5A80",
  alarm: "#B5452B",
  green: "#2F6B4F",
  tint: "#D9E2EA",
} as const;

const fontSize = { title: 40, subtitle: 30, heading: 32, text: 30, small: 28, number: 40 } as const;

const text = z.string().trim().min(1);
const accent = z.enum(["ink", "alarm", "green", "muted"]);

const blockSchema = z.discriminatedUnion("kind", [
  /** A strip in the alarm colour: what to do at once. */
  z.strictObject({ kind: z.literal("banner"), text }),
  /** A white box, optionally with a heading in an accent colour. */
  z.strictObject({ kind: z.literal("box"), heading: text.optional(), accent: accent.default("ink"), text }),
  /** A numbered step. */
  z.strictObject({ kind: z.literal("step"), number: z.number().int().positive(), text }),
  /** A checklist item with an empty box: the reader ticks it, the graphic does not. */
  z.strictObject({ kind: z.literal("check"), text }),
  /** A horizontal bar; bars in one graphic share one scale, 0–100 %. */
  z.strictObject({ kind: z.literal("bar"), label: text, percent: z.number().min(0).max(100), accent }),
  /** A line of plain text on the page. */
  z.strictObject({ kind: z.literal("note"), text }),
]);

export const graphicSchema = z.strictObject({
  /** public/images/<file>.png; also the SVG's name in assets/graphics/. */
  file: z.string().regex(/^[a-z0-9-]+$/),
  title: text,
  subtitle: text.optional(),
  blocks: z.array(blockSchema).min(1),
  /** Where a figure comes from, printed at the bottom. */
  source: text.optional(),
});

export const graphicsFileSchema = z.array(graphicSchema).min(1);

export type Graphic = z.infer<typeof graphicSchema>;
type Block = z.infer<typeof blockSchema>;

/** DejaVu Sans is wide: these are generous average advances per character, so wrapped lines never overflow. */
function charWidth(size: number, bold: boolean): number {
  return size * (bold ? 0.6 : 0.54);
}

export function wrap(words: string, width: number, size: number, bold = false): string[] {
  const perLine = Math.max(8, Math.floor(width / charWidth(size, bold)));
  const lines: string[] = [];
  let line = "";
  // Only ordinary spaces break a line: a no-break space keeps a phone number such as "116 006" whole.
  for (const word of words.split(/[ \t\n]+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length > perLine && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

interface TextLine {
  x: number;
  y: number;
  size: number;
  fill: string;
  bold?: boolean;
  anchor?: "start" | "middle";
  value: string;
}

function textElement(line: TextLine): string {
  return (
    `<text x="${line.x}" y="${line.y}" font-family="DejaVu Sans" font-size="${line.size}" ` +
    `font-weight="${line.bold ? "bold" : "normal"}" fill="${line.fill}" text-anchor="${line.anchor ?? "start"}">` +
    `${escapeXml(line.value)}</text>`
  );
}

function lines(values: string[], at: Omit<TextLine, "value" | "y">, top: number, lineHeight: number): string[] {
  return values.map((value, index) => textElement({ ...at, value, y: top + at.size + index * lineHeight }));
}

const gap = 20;
const pad = 24;

/** Draws one block at `top`; returns its SVG elements and the height it took. */
function drawBlock(block: Block, top: number): { svg: string[]; height: number } {
  switch (block.kind) {
    case "banner": {
      const wrapped = wrap(block.text, contentWidth - 2 * pad, fontSize.heading, true);
      const height = 2 * pad + wrapped.length * fontSize.heading * 1.3;
      return {
        height,
        svg: [
          `<rect x="${margin}" y="${top}" width="${contentWidth}" height="${height}" rx="18" fill="${palette.alarm}"/>`,
          ...lines(
            wrapped,
            { x: canvasWidth / 2, size: fontSize.heading, fill: palette.box, bold: true, anchor: "middle" },
            top + pad - 4,
            fontSize.heading * 1.3,
          ),
        ],
      };
    }
    case "box": {
      const heading = block.heading ? wrap(block.heading, contentWidth - 2 * pad, fontSize.heading, true) : [];
      const body = wrap(block.text, contentWidth - 2 * pad, fontSize.text);
      const headingHeight = heading.length * fontSize.heading * 1.3;
      const height = 2 * pad + headingHeight + (heading.length ? 8 : 0) + body.length * fontSize.text * 1.3;
      return {
        height,
        svg: [
          `<rect x="${margin}" y="${top}" width="${contentWidth}" height="${height}" rx="18" fill="${palette.box}"/>`,
          `<rect x="${margin}" y="${top + 18}" width="10" height="${height - 36}" fill="${palette[block.accent]}"/>`,
          ...lines(
            heading,
            { x: margin + pad + 8, size: fontSize.heading, fill: palette[block.accent], bold: true },
            top + pad - 4,
            fontSize.heading * 1.3,
          ),
          ...lines(
            body,
            { x: margin + pad + 8, size: fontSize.text, fill: palette.ink },
            top + pad - 4 + headingHeight + (heading.length ? 8 : 0),
            fontSize.text * 1.3,
          ),
        ],
      };
    }
    case "step":
    case "check": {
      const indent = 96;
      const body = wrap(block.text, contentWidth - indent - pad, fontSize.text);
      const height = Math.max(72, body.length * fontSize.text * 1.3 + 12);
      const marker =
        block.kind === "step"
          ? [
              `<circle cx="${margin + 36}" cy="${top + 36}" r="36" fill="${palette.ink}"/>`,
              textElement({
                x: margin + 36,
                y: top + 36 + fontSize.number * 0.36,
                size: fontSize.number,
                fill: palette.box,
                bold: true,
                anchor: "middle",
                value: String(block.number),
              }),
            ]
          : [
              `<rect x="${margin + 6}" y="${top + 6}" width="60" height="60" rx="10" fill="${palette.box}" ` +
                `stroke="${palette.ink}" stroke-width="5"/>`,
            ];
      return {
        height,
        svg: [
          ...marker,
          ...lines(body, { x: margin + indent, size: fontSize.text, fill: palette.ink }, top + 4, fontSize.text * 1.3),
        ],
      };
    }
    case "bar": {
      const barTop = top + fontSize.text * 1.3 + 6;
      const barWidth = Math.max(4, Math.round(((contentWidth - 140) * block.percent) / 100));
      return {
        height: fontSize.text * 1.3 + 6 + 56,
        svg: [
          ...lines([block.label], { x: margin, size: fontSize.text, fill: palette.ink }, top - 6, 0),
          `<rect x="${margin}" y="${barTop}" width="${barWidth}" height="56" rx="10" fill="${palette[block.accent]}"/>`,
          textElement({
            x: margin + barWidth + 16,
            y: barTop + 40,
            size: fontSize.heading,
            fill: palette.ink,
            bold: true,
            value: `${block.percent} %`,
          }),
        ],
      };
    }
    case "note": {
      const body = wrap(block.text, contentWidth, fontSize.text);
      return {
        height: body.length * fontSize.text * 1.3,
        svg: lines(body, { x: margin, size: fontSize.text, fill: palette.ink }, top - 6, fontSize.text * 1.3),
      };
    }
  }
}

/** The whole graphic as an SVG document; its height follows its content. */
export function drawGraphic(graphic: Graphic): string {
  const elements: string[] = [];
  let top = margin;
  const title = wrap(graphic.title, contentWidth, fontSize.title, true);
  elements.push(
    ...lines(
      title,
      { x: canvasWidth / 2, size: fontSize.title, fill: palette.ink, bold: true, anchor: "middle" },
      top - 8,
      fontSize.title * 1.25,
    ),
  );
  top += title.length * fontSize.title * 1.25 + 8;
  if (graphic.subtitle) {
    const subtitle = wrap(graphic.subtitle, contentWidth, fontSize.subtitle);
    elements.push(
      ...lines(
        subtitle,
        { x: canvasWidth / 2, size: fontSize.subtitle, fill: palette.muted, anchor: "middle" },
        top - 6,
        fontSize.subtitle * 1.3,
      ),
    );
    top += subtitle.length * fontSize.subtitle * 1.3;
  }
  top += gap;
  for (const block of graphic.blocks) {
    const drawn = drawBlock(block, top);
    elements.push(...drawn.svg);
    top += drawn.height + gap;
  }
  if (graphic.source) {
    const source = wrap(graphic.source, contentWidth, fontSize.small);
    elements.push(
      ...lines(source, { x: margin, size: fontSize.small, fill: palette.muted }, top - 6, fontSize.small * 1.3),
    );
    top += source.length * fontSize.small * 1.3 + gap;
  }
  const height = Math.ceil(top + margin / 2);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${canvasWidth}" height="${height}" viewBox="0 0 ${canvasWidth} ${height}">`,
    `<title>${escapeXml(graphic.title)}</title>`,
    `<rect width="${canvasWidth}" height="${height}" fill="${palette.page}"/>`,
    ...elements,
    `</svg>`,
    "",
  ].join("\n");
}
