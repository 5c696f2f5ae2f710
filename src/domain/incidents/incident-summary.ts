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
  /** What only the downloadable record says: who wrote it, its sections, the pages, and "keep the originals". */
  file: {
    language: Language;
    /** "Skriven av dig själv i Stå kvar den 25 november 2026 kl. 17:27. …" */
    authorship: string;
    answersHeading: string;
    evidenceHeading: string;
    aboutHeading: string;
    keepOriginals: string;
    author: string;
    pageOf: string;
  };
}

/**
 * The summary the user can read out, copy into a police report or send on. Every question appears in
 * the same order with the user's own words, or "Inte angivet" when it was skipped: a reader can then
 * tell an unanswered question from one that was never asked, and nothing is filled in for the user.
 */
export function incidentSummary(ui: UiText, language: Language, record: IncidentRecord): IncidentSummary {
  const texts = ui.incident;
  const date = formatDateTime(language, new Date(record.createdAt));
  return {
    title: texts.summaryTitle,
    documentedAt: fill(texts.documentedAt, { date }),
    entries: incidentQuestionKeys.map((key) => ({
      key,
      label: texts.questions[key].label,
      answer: record.answers[key],
    })),
    notGiven: texts.notGiven,
    file: {
      language,
      authorship: fill(texts.file.authorship, { date }),
      answersHeading: texts.file.answersHeading,
      evidenceHeading: texts.file.evidenceHeading,
      aboutHeading: texts.file.aboutHeading,
      keepOriginals: texts.file.keepOriginals,
      author: ui.pdf.author,
      pageOf: ui.pdf.pageOf,
    },
  };
}
