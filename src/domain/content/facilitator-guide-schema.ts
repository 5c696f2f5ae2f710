import { z } from "zod/v4";
import type { Theme } from "./content-schema";

/**
 * The facilitator guide: a printable page for whoever leads a group session of a theme in Teams
 * (src/http/facilitator-guide-page.ts). What every guide says, whatever the theme, lives in
 * content/<lang>/facilitator-guide.yaml; what belongs to one theme or path in
 * content/<lang>/facilitator-guides/<themeId>.yaml. The reflection questions are not copied into the
 * guide: the page reads them from the theme, so a question changed there is changed in the guide too.
 * The crisis lines are not copied either: the page shows those of kris.yaml.
 */
const text = z.string().trim().min(1, "must not be empty");

const section = z.strictObject({ heading: text, body: text });

export const facilitatorGuideTextSchema = z.strictObject({
  /** Above the theme's title: "Samtalsledarguide". */
  kicker: text,
  /** The total of the running order: must hold {minutes}. */
  length: text.regex(/\{minutes\}/, "must hold {minutes}"),
  /** One part's time in the running order: must hold {minutes}. */
  partMinutes: text.regex(/\{minutes\}/, "must hold {minutes}"),
  contentsLabel: text,
  printHint: text,
  about: section,
  preparationHeading: text,
  groundRules: z.strictObject({
    heading: text,
    intro: text,
    rules: z.array(z.strictObject({ title: text, body: text })).min(4, "a guide needs at least 4 ground rules"),
  }),
  groupSession: section,
  runningOrder: z.strictObject({
    heading: text,
    intro: text,
    /** Before the titles of the steps a part walks on the shared card. */
    onTheCard: text,
    /** Before a reflection step's content note, said before the question is asked. */
    contentNote: text,
    /** Before the guide's own advice on a question. */
    facilitatorNote: text,
  }),
  affected: z.strictObject({
    heading: text,
    body: text,
    /** Before the crisis lines, which the page takes from kris.yaml. */
    crisisLines: text,
    after: text,
  }),
  followUp: section,
  sourcesHeading: text,
  /** What the common part of every guide rests on; each guide adds its own. */
  sources: z.array(text).min(1, "the guide lists its sources"),
  notFound: z.strictObject({ title: text, body: text, available: text }),
});

const stepId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a step id (lower-case letters, digits, dashes)");

/** A group session is one meeting: long enough to talk, short enough to fit an agenda. */
export const guideMinutes = { min: 30, max: 90 } as const;

export const themeGuideSchema = z.strictObject({
  /** What the group should leave the meeting with. */
  purpose: text,
  /** What the facilitator does before the meeting, this theme in particular. */
  preparation: text,
  /** The meeting from start to close. The parts walk the theme's steps in the theme's order, each step once. */
  runningOrder: z
    .array(
      z.strictObject({
        title: text,
        minutes: z.number().int().positive().max(45),
        /** The theme's steps this part walks on the shared card; none for the opening and the close. */
        steps: z.array(stepId).default([]),
        body: text,
      }),
    )
    .min(3, "a running order has at least an opening, the theme and a close"),
  /** Advice on leading the talk about one reflection question, by the reflection step's id. */
  questionNotes: z.record(stepId, text).default({}),
  /** What the group and the facilitator do after this theme. */
  followUp: text,
  /** What the guide's own advice rests on, beyond the theme's sources, which the page lists too. */
  sources: z.array(text).default([]),
});

export type FacilitatorGuideText = z.infer<typeof facilitatorGuideTextSchema>;
export type ThemeGuide = z.infer<typeof themeGuideSchema>;

export const guideTotalMinutes = (guide: ThemeGuide): number =>
  guide.runningOrder.reduce((sum, part) => sum + part.minutes, 0);

/**
 * What a guide says about its theme that the theme does not bear out: a step it does not have, a step
 * left out or walked twice, parts out of the theme's order, advice on a question that is not there.
 */
export function themeGuideProblems(guide: ThemeGuide, theme: Theme): string[] {
  const problems: string[] = [];
  const indexOf = new Map(theme.steps.map((step, index) => [step.id, index]));
  const walked = new Set<string>();
  let lastIndex = -1;
  guide.runningOrder.forEach((part, partIndex) => {
    const where = `running order part ${partIndex + 1} ('${part.title}')`;
    const indexes: number[] = [];
    for (const id of part.steps) {
      const index = indexOf.get(id);
      if (index === undefined) problems.push(`${where}: the ${theme.kind} has no step '${id}'`);
      else if (walked.has(id)) problems.push(`${where}: step '${id}' is already walked in an earlier part`);
      else indexes.push(index);
      walked.add(id);
    }
    if (indexes.length === 0) return;
    if (Math.min(...indexes) < lastIndex) {
      problems.push(`${where}: its steps come before those of an earlier part; follow the ${theme.kind}'s order`);
    }
    lastIndex = Math.max(lastIndex, ...indexes);
  });
  const missing = theme.steps.filter((step) => !walked.has(step.id)).map((step) => step.id);
  if (missing.length > 0) problems.push(`running order: no part walks the step(s) ${missing.join(", ")}`);
  for (const id of Object.keys(guide.questionNotes)) {
    if (theme.steps.find((step) => step.id === id)?.type !== "reflection") {
      problems.push(`field questionNotes.${id}: the ${theme.kind} has no reflection step '${id}'`);
    }
  }
  const total = guideTotalMinutes(guide);
  if (total < guideMinutes.min || total > guideMinutes.max) {
    problems.push(
      `running order: adds up to ${total} minutes; a group session takes ${guideMinutes.min}–${guideMinutes.max}`,
    );
  }
  return problems;
}
