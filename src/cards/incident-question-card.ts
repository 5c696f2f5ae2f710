import { fill, type UiText } from "../domain/content/ui-text-schema";
import { maxIncidentAnswerLength, type IncidentQuestionKey } from "../domain/incidents/incident-record";
import {
  adaptiveCard,
  heading,
  noticeBlock,
  paragraph,
  submit,
  type AdaptiveCard,
  type CardElement,
} from "./adaptive-card";
import { incidentAnswerInputId } from "./incident-actions";

export interface IncidentQuestionCardInput {
  ui: UiText;
  question: IncidentQuestionKey;
  /** 1-based position and the number of questions, shown as "Fråga 2 av 8". */
  number: number;
  count: number;
  /** What the user wrote before an answer was refused, put back in the box so nothing is lost. */
  draftAnswer?: string;
  notice?: string;
}

/** Longer than the answer limit, short enough that the card stays well under Teams' 28 KB. */
export const maxKeptDraftLength = 6000;

/** One open question of the incident documentation, with a box for the answer and "next" or "skip". */
export function incidentQuestionCard(input: IncidentQuestionCardInput): AdaptiveCard {
  const { ui, question, number, count } = input;
  const texts = ui.incident;
  const asked = texts.questions[question];
  const body: CardElement[] = [
    ...(input.notice ? [noticeBlock({ text: input.notice, tone: "attention" })] : []),
    ...heading(asked.question, {
      size: "Medium",
      subtle: `${fill(texts.progress, { number, count })} · ${texts.title}`,
    }),
    ...(number === 1 && !input.notice ? [paragraph(texts.intro)] : []),
    paragraph(asked.hint, { subtle: true }),
    {
      type: "Input.Text",
      id: incidentAnswerInputId,
      label: texts.answerLabel,
      placeholder: texts.placeholder,
      isMultiline: question !== "when",
      // The client limit helps; the server checks again, since a client can send anything.
      maxLength: maxIncidentAnswerLength,
      ...(input.draftAnswer ? { value: input.draftAnswer.slice(0, maxKeptDraftLength) } : {}),
    },
  ];
  return adaptiveCard(body, [
    submit(texts.next, { verb: "incidentAnswer", question, move: "next" }, "positive"),
    submit(texts.skip, { verb: "incidentAnswer", question, move: "skip" }),
  ]);
}
