import { renderPdf, type PdfBlock } from "../../platform/documents/pdf-document";
import { datedFileName, type DownloadFile } from "../incidents/download-store";
import type { Language } from "./language";
import { formatDateTime } from "./local-time";
import { fill, type UiText } from "./ui-text-schema";

/**
 * A PDF of the user's own data for a download link, in their language: the title, when it was made
 * ("{date}" in `generatedAt`), the author line and page numbers every such file carries, named with
 * the day it was made.
 */
export function pdfDownload(input: {
  ui: UiText;
  language: Language;
  now: Date;
  texts: { title: string; generatedAt: string };
  fileNameBase: string;
  blocks: PdfBlock[];
}): DownloadFile {
  const { ui, language, now, texts } = input;
  return {
    fileName: datedFileName(input.fileNameBase, now, "pdf"),
    contentType: "application/pdf",
    bytes: renderPdf({
      title: texts.title,
      subtitle: fill(texts.generatedAt, { date: formatDateTime(language, now) }),
      language,
      author: ui.pdf.author,
      createdAt: now,
      pageLabel: (page, pages) => fill(ui.pdf.pageOf, { page, pages }),
      blocks: input.blocks,
    }),
  };
}
