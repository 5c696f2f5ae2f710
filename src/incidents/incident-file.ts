import type { DownloadFile } from "./download-store";
import { summaryLines, type IncidentSummary } from "./incident-summary";

/**
 * The downloadable copy: UTF-8 plain text. It opens on every device, pastes straight into the police's
 * web form, and keeps å, ä, ö and any other character exactly as typed (PDF's built-in fonts cannot
 * promise that beyond Latin-1). The byte order mark makes older Windows editors read it as UTF-8.
 */
export function incidentTextFile(summary: IncidentSummary, fileNameBase: string, createdAt: Date): DownloadFile {
  const text = summaryLines(summary).join("\r\n") + "\r\n";
  const day = createdAt.toISOString().slice(0, 10);
  return {
    fileName: `${asciiFileName(fileNameBase)}-${day}.txt`,
    contentType: "text/plain; charset=utf-8",
    bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]),
  };
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
