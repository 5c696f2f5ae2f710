import { z } from "zod/v4";

/**
 * What the user told the incident dialog, in their own words. Every answer is optional: any question
 * can be skipped, and a skipped question is simply absent here (never an empty or invented value).
 */
export const incidentQuestionKeys = [
  "what",
  "when",
  "where",
  "before",
  "who",
  "witnesses",
  "evidence",
  "feelings",
] as const;
export type IncidentQuestionKey = (typeof incidentQuestionKeys)[number];

/** The longest answer we keep; longer answers go back to the user to shorten, never cut. */
export const maxIncidentAnswerLength = 2000;

export type IncidentAnswers = Partial<Record<IncidentQuestionKey, string>>;

export interface IncidentRecord {
  answers: IncidentAnswers;
  /** When the user documented the incident (ISO 8601), shown on the summary as its timestamp. */
  createdAt: string;
}

const answer = z.string().min(1).max(maxIncidentAnswerLength);

/** The shape a sealed record must have when it is opened again; anything else is refused, not guessed. */
export const incidentRecordSchema = z.strictObject({
  answers: z.strictObject(Object.fromEntries(incidentQuestionKeys.map((key) => [key, answer.optional()]))),
  createdAt: z.iso.datetime(),
});

export function parseIncidentRecord(json: string): IncidentRecord {
  return incidentRecordSchema.parse(JSON.parse(json)) as IncidentRecord;
}

/** Whitespace-only answers count as skipped, so the summary never shows an empty answer as given. */
export function normaliseAnswer(text: string | undefined): string | undefined {
  const trimmed = text?.replace(/\r\n/g, "\n").trim();
  return trimmed ? trimmed : undefined;
}

export function answeredKeys(record: IncidentRecord): IncidentQuestionKey[] {
  return incidentQuestionKeys.filter((key) => record.answers[key] !== undefined);
}
