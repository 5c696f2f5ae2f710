import { fill, type UiText } from "../domain/content/ui-text-schema";
import {
  adaptiveCard,
  actionSet,
  heading,
  paragraph,
  submit,
  type AdaptiveCard,
  type CardElement,
} from "./adaptive-card";
import { plainText } from "./plain-text";

export interface IncidentListEntry {
  /** The saved incident's id; absent for a summary that was sent to security officers but not saved. */
  id?: string;
  /** When it was documented (a saved incident) or sent (one that was only sent). */
  documentedAt: string;
  expires: string;
  /** The first words of "what happened", or undefined when that question was skipped. */
  firstWords?: string;
  /** Sent to security officers: the record's id, to withdraw it, and one status line per officer. */
  handover?: { recordId: string; statusLines: string[] };
}

const firstWordsLength = 80;
/** Keeps the list card well under Teams' 28 KB whatever the user has saved. */
export const maxListedIncidents = 20;

/** The start of the user's own description, cut at a word boundary, for telling entries apart. */
export function firstWordsOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= firstWordsLength) return flat;
  const cut = flat.slice(0, firstWordsLength);
  const space = cut.lastIndexOf(" ");
  return `${(space > 40 ? cut.slice(0, space) : cut).trimEnd()} …`;
}

/**
 * `mina händelser` (newest first): each saved incident with its date and first words, to view, download or
 * delete, and each one sent to security officers with what they answered, to withdraw.
 */
export function myIncidentsCard(ui: UiText, entries: IncidentListEntry[]): AdaptiveCard {
  const texts = ui.incident.myIncidents;
  const shown = entries.slice(0, maxListedIncidents);
  const sentTexts = ui.incident.handover;
  const items: CardElement[] = shown.map((entry) => {
    const handover = entry.handover;
    const heading = entry.id
      ? fill(texts.entry, { date: entry.documentedAt })
      : fill(sentTexts.sentUnsaved, { date: entry.documentedAt });
    const description = entry.id
      ? paragraph(entry.firstWords ? plainText(entry.firstWords) : ui.incident.notGiven, { subtle: !entry.firstWords })
      : paragraph(sentTexts.sentUnsavedNote, { subtle: true });
    return {
      type: "Container",
      separator: true,
      spacing: "Medium",
      items: [
        { type: "TextBlock", text: heading, wrap: true, weight: "Bolder" },
        description,
        ...(handover?.statusLines ?? []).map((line) => paragraph(plainText(line))),
        paragraph(fill(texts.expires, { date: entry.expires }), { subtle: true }),
        actionSet([
          ...(entry.id
            ? [
                submit(texts.view, { verb: "savedIncident", id: entry.id, act: "view" }),
                submit(texts.download, { verb: "savedIncident", id: entry.id, act: "download" }),
                submit(texts.delete, { verb: "savedIncident", id: entry.id, act: "delete" }, "destructive"),
              ]
            : []),
          ...(handover
            ? [submit(sentTexts.withdraw, { verb: "withdrawHandover", recordId: handover.recordId, act: "ask" })]
            : []),
        ]),
      ],
    };
  });
  return adaptiveCard(
    [
      ...heading(texts.title, { size: "Medium" }),
      paragraph(entries.length > 0 ? texts.intro : texts.empty),
      ...(entries.length > shown.length
        ? [paragraph(fill(texts.showingNewest, { shown: shown.length, count: entries.length }), { subtle: true })]
        : []),
      ...items,
    ],
    [submit(ui.menu.title, { verb: "showMenu" })],
  );
}

/** The confirmation before a saved incident is deleted for good. */
export function deleteIncidentCard(ui: UiText, id: string, documentedAt: string): AdaptiveCard {
  const texts = ui.incident.myIncidents;
  return adaptiveCard(
    [paragraph(fill(texts.deleteConfirm, { date: documentedAt }))],
    [
      submit(texts.deleteYes, { verb: "savedIncident", id, act: "confirmDelete" }, "destructive"),
      submit(ui.incident.cancel, { verb: "showMyIncidents" }),
    ],
  );
}
