import { fill, type UiText } from "../domain/content/ui-text-schema";
import type { IncidentSummary } from "../domain/incidents/incident-summary";
import {
  adaptiveCard,
  heading,
  paragraph,
  submit,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from "./adaptive-card";
import { plainText } from "./plain-text";

/** Teams refuses cards over 28 KB; eight long answers can pass that, so the summary is split below this. */
const cardBudgetBytes = 24 * 1024;

function summaryHeading(summary: IncidentSummary): CardElement[] {
  return heading(summary.title, { size: "Medium", subtle: summary.documentedAt });
}

/** Each question's heading with the user's own words, or "Inte angivet" when it was skipped. */
function summaryEntries(summary: IncidentSummary): CardElement[] {
  return summary.entries.map((entry): CardElement => ({
    type: "Container",
    spacing: "Medium",
    items: [
      { type: "TextBlock", text: entry.label, wrap: true, weight: "Bolder" },
      entry.answer === undefined
        ? { type: "TextBlock", text: summary.notGiven, wrap: true, isSubtle: true, spacing: "None" }
        : { type: "TextBlock", text: plainText(entry.answer), wrap: true, spacing: "None" },
    ],
  }));
}

/**
 * The summary as one card, or as several in a row when long answers would pass Teams' size limit.
 * Nothing is ever cut: a long summary only takes more cards. The buttons go on the last card.
 */
function summaryCards(
  lead: CardElement[],
  summary: IncidentSummary,
  tail: CardElement[],
  actions: CardAction[] = [],
): AdaptiveCard[] {
  const cards: AdaptiveCard[] = [];
  let body: CardElement[] = [...lead, ...summaryHeading(summary)];
  for (const entry of summaryEntries(summary)) {
    const candidate = adaptiveCard([...body, entry, ...tail], actions);
    if (Buffer.byteLength(JSON.stringify(candidate), "utf8") > cardBudgetBytes) {
      cards.push(adaptiveCard(body));
      body = [entry];
    } else body.push(entry);
  }
  cards.push(adaptiveCard([...body, ...tail], actions));
  return cards;
}

export interface IncidentChoicesCardInput {
  ui: UiText;
  summary: IncidentSummary;
  retentionDays: number;
  /** Set once the user has saved this incident: the save button goes, and the finish button says so. */
  saved: boolean;
  notice?: string;
}

/** After the last question: the summary, and what the user may do with it. Nothing happens without a press. */
export function incidentChoicesCards(input: IncidentChoicesCardInput): AdaptiveCard[] {
  const texts = input.ui.incident;
  return summaryCards(
    input.notice ? [{ type: "TextBlock", text: input.notice, wrap: true, weight: "Bolder" }] : [],
    input.summary,
    [paragraph(texts.summaryIntro, { subtle: true })],
    incidentChoiceActions(input.ui, input),
  );
}

/** What the user may do with the summary; the save button goes once it is saved. */
export function incidentChoiceActions(ui: UiText, options: { saved: boolean; retentionDays: number }): CardAction[] {
  const texts = ui.incident;
  return [
    ...(options.saved
      ? []
      : [
          submit(
            fill(texts.save, { days: options.retentionDays }),
            { verb: "incidentChoice", choice: "save" },
            "positive",
          ),
        ]),
    submit(texts.download, { verb: "incidentChoice", choice: "download" }),
    submit(texts.sendToOfficer, { verb: "incidentChoice", choice: "send" }),
    submit(options.saved ? texts.finish : texts.finishWithoutSaving, { verb: "incidentChoice", choice: "finish" }),
  ];
}

/** A short note during the choices (saved, sent, cancelled), with the choices again so nobody has to scroll. */
export function incidentActionsCard(
  ui: UiText,
  text: string,
  options: { saved: boolean; retentionDays: number },
): AdaptiveCard {
  return adaptiveCard([paragraph(text)], incidentChoiceActions(ui, options));
}

/** A saved incident opened from "mina incidenter". */
export function savedIncidentCards(ui: UiText, summary: IncidentSummary, id: string, expires: string): AdaptiveCard[] {
  const texts = ui.incident.myIncidents;
  return summaryCards(
    [],
    summary,
    [paragraph(fill(texts.expires, { date: expires }), { subtle: true })],
    [
      submit(texts.download, { verb: "savedIncident", id, act: "download" }),
      submit(texts.delete, { verb: "savedIncident", id, act: "delete" }, "destructive"),
      submit(texts.back, { verb: "showMyIncidents" }),
    ],
  );
}

/** What a security officer receives, only after the user confirmed sending it. */
export function officerIncidentCards(
  ui: UiText,
  input: { senderName: string; sentAt: string; summary: IncidentSummary },
): AdaptiveCard[] {
  const texts = ui.incident;
  const name = plainText(input.senderName);
  return summaryCards(
    [
      ...heading(fill(texts.officerTitle, { name }), { size: "Medium" }),
      paragraph(fill(texts.officerConsent, { name, date: input.sentAt })),
    ],
    input.summary,
    [],
  );
}
