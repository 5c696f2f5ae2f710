import type { Language } from "../content/language";
import { fill, type UiText } from "../content/ui-text-schema";
import { incidentQuestionKeys, type IncidentQuestionKey, type IncidentRecord } from "./incident-record";
import { formatDateTime } from "../content/local-time";

export interface IncidentSummaryEntry {
  key: IncidentQuestionKey;
  label: string;
  /** The user's own words; undefined when the question was skipped. */
  answer?: string;
}

export interface IncidentSummary {
  title: string;
  /** "Dokumenterad 25 november 2026 kl. 17:27" */
  documentedAt: string;
  entries: IncidentSummaryEntry[];
  /** Shown instead of an answer for a skipped question. */
  notGiven: string;
}

/**
 * The summary the user can read out, copy into a police report or send on. Every question appears in
 * the same order with the user's own words, or "Inte angivet" when it was skipped: a reader can then
 * tell an unanswered question from one that was never asked, and nothing is filled in for the user.
 */
export function incidentSummary(ui: UiText, language: Language, record: IncidentRecord): IncidentSummary {
  const texts = ui.incident;
  return {
    title: texts.summaryTitle,
    documentedAt: fill(texts.documentedAt, { date: formatDateTime(language, new Date(record.createdAt)) }),
    entries: incidentQuestionKeys.map((key) => ({
      key,
      label: texts.questions[key].label,
      answer: record.answers[key],
    })),
    notGiven: texts.notGiven,
  };
}

/** The summary as plain text lines, for the downloadable file and anywhere Markdown must not apply. */
export function summaryLines(summary: IncidentSummary): string[] {
  return [
    summary.title,
    summary.documentedAt,
    ...summary.entries.flatMap((entry) => ["", `${entry.label}:`, ...(entry.answer ?? summary.notGiven).split("\n")]),
  ];
}
