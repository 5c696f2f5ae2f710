/**
 * Reads a PDF back the way a PDF reader does (pdf.js, the engine of Firefox's viewer): if a
 * character comes out here, it was embedded with a glyph and a Unicode mapping, so it prints and
 * can be copied out of the file.
 */
export interface PdfReadBack {
  pages: number;
  /** Each page's text, lines joined with "\n". */
  pageTexts: string[];
  text: string;
  info: Record<string, unknown>;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfReadBack> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pageTexts: string[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    pageTexts.push(content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join(""));
  }
  const { info } = await pdf.getMetadata();
  await pdf.destroy();
  return { pages: pdf.numPages, pageTexts, text: pageTexts.join("\n"), info: info as Record<string, unknown> };
}

/** Lines wrap wherever the page ends, so compare text with all whitespace runs made single spaces. */
export function flat(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
