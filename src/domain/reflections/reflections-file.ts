import type { Theme } from "../content/content-schema";
import type { Language } from "../content/language";
import { formatDateTime } from "../content/local-time";
import { fill, type UiText } from "../content/ui-text-schema";
import type { PdfBlock } from "../../platform/documents/pdf-document";
import { pdfDownload } from "../content/pdf-download";
import type { DownloadFile } from "../incidents/download-store";
import { reflectionEntries } from "./reflection-entries";
import type { SavedReflection } from "./reflection-store";

/** "Mina reflektioner" as a PDF: each saved answer under its question, with when it was saved and in which theme. */
export function reflectionsPdfFile(
  ui: UiText,
  language: Language,
  reflections: SavedReflection[],
  themeById: (themeId: string) => Theme | undefined,
  now: Date = new Date(),
): DownloadFile {
  const t = ui.myReflections;
  const entries = reflectionEntries(reflections, themeById);
  const blocks: PdfBlock[] =
    entries.length === 0
      ? [{ kind: "paragraph", text: t.empty }]
      : [
          { kind: "paragraph", text: t.intro, subtle: true },
          ...entries.flatMap((entry): PdfBlock[] => [
            { kind: "heading", text: entry.question || (entry.themeTitle ?? t.title) },
            {
              kind: "paragraph",
              text:
                fill(t.savedAt, { date: formatDateTime(language, entry.savedAt) }) +
                (entry.themeTitle ? ` · ${entry.themeTitle}` : ""),
              subtle: true,
            },
            { kind: "paragraph", text: entry.answer },
          ]),
        ];
  return pdfDownload({ ui, language, now, texts: t, fileNameBase: t.fileName, blocks });
}
