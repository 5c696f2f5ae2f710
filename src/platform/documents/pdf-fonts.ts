import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import * as fontkit from "fontkit";

/**
 * The fonts every PDF embeds, from npm packages so no system font is needed: DejaVu Sans for text
 * (Latin with å, ä, ö, dashes and typographic quotes, Greek, Cyrillic and more) and Noto Emoji for
 * emoji. PDF's 14 built-in fonts stop at Latin-1, which is why nothing here uses them.
 */
export interface PdfFonts {
  regular: fontkit.Font;
  bold: fontkit.Font;
  emoji: fontkit.Font;
}

export type FontRole = "text" | "emoji";

export interface FontRun {
  role: FontRole;
  text: string;
}

let cached: PdfFonts | undefined;

/**
 * Parsed once per process and shared by every document (pdfkit makes its own subset per document):
 * the three files are about 2 MB together, and parsing them is most of the time a small PDF takes.
 */
export function pdfFonts(): PdfFonts {
  cached ??= {
    regular: openFont(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    bold: openFont(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
    // Fontsource's "emoji" subset is the whole emoji set of Noto Emoji (monochrome, so it prints well).
    emoji: openFont(require.resolve("@fontsource/noto-emoji/files/noto-emoji-emoji-400-normal.woff")),
  };
  return cached;
}

function openFont(path: string): fontkit.Font {
  const bytes = readFileSync(path);
  const font = fontkit.create(bytes.readUInt32BE(0) === woffSignature ? sfntFromWoff(bytes) : bytes);
  if (!("hasGlyphForCodePoint" in font)) throw new Error(`${path} is a font collection, not one font`);
  return font;
}

const emojiPresentation = /\p{Emoji_Presentation}|\p{Regional_Indicator}|\uFE0F|\u20E3/u;
/** Joiners and selectors that only steer emoji; alone in a text font they would print as boxes. */
const emojiControls = /[\u200D\uFE0E\uFE0F]/gu;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Splits text into runs for the text font and the emoji font, one user-perceived character at a
 * time, so an emoji with a skin tone or a joined sequence stays whole. An emoji goes to the emoji
 * font when it has it; anything else to the text font, which draws an empty box for a character
 * neither font has rather than dropping it.
 */
export function fontRuns(text: string): FontRun[] {
  const { regular: textFont, emoji: emojiFont } = pdfFonts();
  const runs: FontRun[] = [];
  for (const { segment } of graphemes.segment(text)) {
    const first = segment.codePointAt(0) ?? 0;
    const wantsEmoji = emojiPresentation.test(segment) || !covers(textFont, segment);
    const role: FontRole = wantsEmoji && emojiFont.hasGlyphForCodePoint(first) ? "emoji" : "text";
    const piece = role === "text" ? segment.replace(emojiControls, "") : segment;
    const last = runs[runs.length - 1];
    if (last?.role === role) last.text += piece;
    else runs.push({ role, text: piece });
  }
  return runs.filter((run) => run.text.length > 0);
}

function covers(font: fontkit.Font, segment: string): boolean {
  for (const char of segment.replace(emojiControls, "")) {
    if (!font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0)) return false;
  }
  return true;
}

const woffSignature = 0x774f4646; // "wOFF"

/**
 * WOFF 1.0 is TrueType with each table zlib-compressed. fontkit reads it, but inflates the whole
 * glyph table again for every glyph it subsets (about 0.15 s per emoji), so the tables are
 * inflated once here and laid out as the plain TrueType file they came from.
 */
export function sfntFromWoff(woff: Buffer): Buffer {
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compressed = woff.readUInt32BE(entry + 8);
    const length = woff.readUInt32BE(entry + 12);
    const raw = woff.subarray(offset, offset + compressed);
    return {
      tag: woff.readUInt32BE(entry),
      checksum: woff.readUInt32BE(entry + 16),
      data: compressed < length ? inflateSync(raw) : raw,
    };
  });
  const searchPower = 2 ** Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(searchPower * 16, 6);
  header.writeUInt16BE(Math.log2(searchPower), 8);
  header.writeUInt16BE(count * 16 - searchPower * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((table, i) => {
    header.writeUInt32BE(table.tag, 12 + i * 16);
    header.writeUInt32BE(table.checksum, 16 + i * 16);
    header.writeUInt32BE(offset, 20 + i * 16);
    header.writeUInt32BE(table.data.length, 24 + i * 16);
    const padding = (4 - (table.data.length % 4)) % 4;
    parts.push(table.data, Buffer.alloc(padding));
    offset += table.data.length + padding;
  });
  return Buffer.concat(parts);
}
