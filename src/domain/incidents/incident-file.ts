import { fill } from "../content/ui-text-schema";
import { renderPdf, type PdfBlock } from "../../platform/documents/pdf-document";
import { datedFileName, type DownloadFile } from "./download-store";
import type { IncidentSummary } from "./incident-summary";

/**
 * The downloadable record: a PDF to print or attach to a police report. It carries the moment it was
 * documented, every answer in the user's own words, the evidence they say they have kept as a list,
 * the line that they wrote it themselves, and the reminder that the bot is no evidence archive.
 */
export function incidentPdfFile(summary: IncidentSummary, fileNameBase: string, createdAt: Date): DownloadFile {
  const { file } = summary;
  const bytes = renderPdf({
    title: summary.title,
    subtitle: summary.documentedAt,
    language: file.language,
    author: file.author,
    createdAt,
    pageLabel: (page, pages) => fill(file.pageOf, { page, pages }),
    blocks: [
      { kind: "paragraph", text: file.authorship },
      ...incidentBlocks(summary),
      { kind: "heading", text: file.aboutHeading },
      { kind: "paragraph", text: file.keepOriginals },
    ],
  });
  return {
    fileName: datedFileName(asciiFileName(fileNameBase), createdAt, "pdf"),
    contentType: "application/pdf",
    bytes,
  };
}

/** The answers under their questions, then the evidence as a list, one item per line the user wrote. */
function incidentBlocks(summary: IncidentSummary): PdfBlock[] {
  const answers = summary.entries.filter((entry) => entry.key !== "evidence");
  const evidence = summary.entries.find((entry) => entry.key === "evidence")?.answer;
  const items = (evidence ?? "")
    .split("\n")
    .map((line) => line.replace(/^\s*[-*•–]\s*/, "").trim())
    .filter((line) => line.length > 0);
  return [
    { kind: "heading", text: summary.file.answersHeading },
    ...answers.flatMap((entry): PdfBlock[] => [
      { kind: "label", text: entry.label },
      entry.answer === undefined
        ? { kind: "paragraph", text: summary.notGiven, subtle: true }
        : { kind: "paragraph", text: entry.answer },
    ]),
    { kind: "heading", text: summary.file.evidenceHeading },
    items.length > 0 ? { kind: "list", items } : { kind: "paragraph", text: summary.notGiven, subtle: true },
  ];
}

/** The name goes into a Content-Disposition header: plain ASCII letters, digits and dashes only. */
function asciiFileName(base: string): string {
  const ascii = base
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return ascii || "incident";
}
