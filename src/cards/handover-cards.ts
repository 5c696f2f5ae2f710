import { fill, type UiText } from "../domain/content/ui-text-schema";
import type { HandoverAnswer, HandoverStatus } from "../domain/incidents/handover-store";
import { adaptiveCard, execute, paragraph, submit, type AdaptiveCard, type CardAction } from "./adaptive-card";
import { plainText } from "./plain-text";

/** The Action.Execute verbs of the officer's answer; the card data carries only the hand-over id. */
export const handoverAnswerVerbs = { received: "handoverReceived", contacting: "handoverContacting" } as const;

export interface OfficerHandoverView {
  handoverId: string;
  officialName: string;
  status: HandoverStatus;
  officerName: string;
  /** When the officer answered, formatted in the officer's language. */
  answeredAt?: string;
  /** Another officer who answered first and so holds the record: this officer need not answer. */
  takenBy?: { officerName: string; answer: HandoverAnswer; answeredAt: string };
}

/**
 * The officer's answer card, sent after the summary and updated in place when they press: "Mottaget"
 * and "Jag kontaktar dig" while unanswered, then who answered and when (and "Jag kontaktar dig" after
 * "Mottaget", as the stronger answer may still follow). Once a colleague has answered, every other
 * officer's card says who holds it and since when, with no buttons.
 */
export function officerHandoverCard(ui: UiText, view: OfficerHandoverView): AdaptiveCard {
  const texts = ui.incident.handover;
  const name = plainText(view.officialName);
  const officer = plainText(view.officerName);
  const data = { handoverId: view.handoverId };
  const contact = execute(texts.contacting, handoverAnswerVerbs.contacting, data);
  const answered = { officer, name, date: view.answeredAt ?? "" };
  if (view.takenBy) {
    const holder = { officer: plainText(view.takenBy.officerName), name, date: view.takenBy.answeredAt };
    const text = view.takenBy.answer === "received" ? texts.takenReceived : texts.takenContacting;
    return adaptiveCard([paragraph(fill(text, holder))]);
  }
  switch (view.status) {
    case "sent":
      return adaptiveCard(
        [paragraph(fill(texts.ask, { name }))],
        [execute(texts.received, handoverAnswerVerbs.received, data, "positive"), contact],
      );
    case "received":
      return adaptiveCard([paragraph(fill(texts.receivedBy, answered))], [contact]);
    case "contacting":
      return adaptiveCard([paragraph(fill(texts.contactingBy, answered))]);
  }
}

/** What replaces every message of the officer's copy once the official withdraws it. */
export function withdrawnHandoverCard(ui: UiText, officialName: string, sentAt: string): AdaptiveCard {
  return adaptiveCard([
    paragraph(fill(ui.incident.handover.withdrawnNote, { name: plainText(officialName), date: sentAt })),
  ]);
}

/** The official's message in their personal chat: which officer answered, how and when. */
export function officialAnsweredCard(
  ui: UiText,
  answer: Exclude<HandoverStatus, "sent">,
  officerName: string,
  date: string,
): AdaptiveCard {
  const texts = ui.incident.handover;
  const text = answer === "received" ? texts.officialReceived : texts.officialContacting;
  return adaptiveCard(
    [paragraph(fill(text, { officer: plainText(officerName), date }))],
    [submit(ui.incident.myIncidents.back, { verb: "showMyIncidents" })],
  );
}

/** The confirmation before a hand-over is withdrawn from every officer who holds it. */
export function withdrawHandoverCard(ui: UiText, recordId: string, officerNames: string[]): AdaptiveCard {
  const texts = ui.incident.handover;
  const actions: CardAction[] = [
    submit(texts.withdrawYes, { verb: "withdrawHandover", recordId, act: "confirm" }, "destructive"),
    submit(ui.incident.cancel, { verb: "showMyIncidents" }),
  ];
  return adaptiveCard(
    [paragraph(fill(texts.withdrawConfirm, { names: officerNames.map(plainText).join(", ") }))],
    actions,
  );
}
