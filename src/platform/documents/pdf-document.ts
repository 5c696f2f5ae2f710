import PDFDocument from "pdfkit";
import { fontRuns, pdfFonts } from "./pdf-fonts";

/** One block of a document, in reading order. */
export type PdfBlock =
  | { kind: "heading"; text: string }
  /** A short bold line, such as the question an answer belongs to. */
  | { kind: "label"; text: string }
  | { kind: "paragraph"; text: string; subtle?: boolean }
  | { kind: "list"; items: string[] };

export interface PdfDocumentInput {
  title: string;
  /** The line under the title, such as when the document was made, in Swedish time. */
  subtitle: string;
  blocks: PdfBlock[];
  /** BCP 47, so screen readers read the PDF in the right language. */
  language: string;
  /** The footer of each page, e.g. "Sida {page} av {pages}" already filled in per page. */
  pageLabel: (page: number, pages: number) => string;
  author: string;
  createdAt: Date;
}

const margin = 56; // 2 cm
const footerSize = 9;
const sizes = { title: 18, heading: 13, body: 11 } as const;
const colours = { text: "#1a1a1a", subtle: "#555555" } as const;

/**
 * Lays out a document as an A4 PDF: title, a line under it, sections with headings and wrapped
 * paragraphs, page breaks where the text needs them and "page n of m" on every page. The fonts are
 * embedded (subset), so the file prints the same on any machine and its text can be copied out.
 *
 * pdfkit writes the whole file synchronously (it compresses with deflateSync); the document is a
 * stream only as an output adapter, so the bytes are read off its buffer once it has ended.
 */
export function renderPdf(input: PdfDocumentInput): Buffer {
  const fonts = pdfFonts();
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    bufferPages: true,
    pdfVersion: "1.7",
    lang: input.language,
    displayTitle: true,
    info: { Title: input.title, Author: input.author, CreationDate: input.createdAt, ModDate: input.createdAt },
  });
  // pdfkit 0.20 takes parsed fontkit fonts; its published types still say file data only.
  const register = (name: string, font: unknown) => doc.registerFont(name, font as Buffer);
  register("text", fonts.regular);
  register("bold", fonts.bold);
  register("emoji", fonts.emoji);

  const write = (text: string, options: { font: "text" | "bold"; size: number; colour?: string; gap?: number }) => {
    doc.fontSize(options.size).fillColor(options.colour ?? colours.text);
    const runs = fontRuns(cleanText(text));
    if (runs.length === 0) runs.push({ role: "text", text: " " });
    runs.forEach((run, index) => {
      doc.font(run.role === "emoji" ? "emoji" : options.font);
      doc.text(run.text, { continued: index < runs.length - 1, lineGap: 2 });
    });
    doc.moveDown(options.gap ?? 0.5);
  };

  write(input.title, { font: "bold", size: sizes.title, gap: 0.2 });
  write(input.subtitle, { font: "text", size: sizes.body, colour: colours.subtle, gap: 1 });
  for (const block of input.blocks) {
    switch (block.kind) {
      case "heading":
        // A heading never ends a page on its own: it moves to the next page with the text it heads.
        if (doc.y + 4 * sizes.heading > doc.page.height - margin) doc.addPage();
        doc.moveDown(0.5);
        write(block.text, { font: "bold", size: sizes.heading, gap: 0.4 });
        break;
      case "label":
        write(block.text, { font: "bold", size: sizes.body, gap: 0.1 });
        break;
      case "paragraph":
        write(block.text, { font: "text", size: sizes.body, colour: block.subtle ? colours.subtle : colours.text });
        break;
      case "list":
        for (const item of block.items) write(`•  ${item}`, { font: "text", size: sizes.body, gap: 0.2 });
        doc.moveDown(0.3);
        break;
    }
  }
  numberPages(doc, input.pageLabel);
  doc.end();
  return readAll(doc);
}

function numberPages(doc: PDFKit.PDFDocument, pageLabel: PdfDocumentInput["pageLabel"]): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    // The footer sits inside the bottom margin; without this pdfkit would start a new page for it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("text")
      .fontSize(footerSize)
      .fillColor(colours.subtle)
      .text(pageLabel(index - start + 1, count), margin, doc.page.height - margin / 2 - footerSize, {
        width: doc.page.width - 2 * margin,
        align: "center",
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.flushPages();
}

function readAll(doc: PDFKit.PDFDocument): Buffer {
  const chunks: Buffer[] = [];
  for (let chunk = doc.read(); chunk !== null; chunk = doc.read()) chunks.push(Buffer.from(chunk));
  if (!doc.readableEnded && chunks.length === 0) throw new Error("the PDF was not complete when read");
  return Buffer.concat(chunks);
}

/** What a person typed may hold tabs, Windows line ends or other control characters; none of them prints. */
function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\t/g, "    ")
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}
