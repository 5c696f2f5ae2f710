import { readFileSync } from "node:fs";
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
  const font = fontkit.create(readFileSync(path));
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
