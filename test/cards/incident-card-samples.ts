import type { AdaptiveCard } from "../../src/cards/adaptive-card";
import { incidentQuestionCard, maxKeptDraftLength } from "../../src/cards/incident-question-card";
import {
  confirmSendCard,
  downloadLinkCard,
  incidentNoticeCard,
  unfinishedIncidentCard,
} from "../../src/cards/incident-sharing-cards";
import {
  incidentActionsCard,
  incidentChoicesCards,
  officerIncidentCards,
  savedIncidentCards,
} from "../../src/cards/incident-summary-card";
import {
  officerHandoverCard,
  officialAnsweredCard,
  withdrawHandoverCard,
  withdrawnHandoverCard,
} from "../../src/cards/handover-cards";
import { deleteIncidentCard, myIncidentsCard } from "../../src/cards/my-incidents-card";
import type { ContentCatalog } from "../../src/domain/content/content-catalog";
import type { Language } from "../../src/domain/content/language";
import { incidentQuestionKeys, type IncidentRecord } from "../../src/domain/incidents/incident-record";
import { incidentSummary } from "../../src/domain/incidents/incident-summary";

/** Answers at the limit, in the characters that cost the most bytes once escaped: Markdown marks and emoji. */
const longest: IncidentRecord = {
  answers: Object.fromEntries(
    incidentQuestionKeys.map((key, i) => [key, (i % 2 === 0 ? "*_[]" : "😡åä").repeat(500).slice(0, 2000)]),
  ),
  createdAt: "2026-11-25T12:00:00.000Z",
};
const short: IncidentRecord = { answers: { what: "Ett hot" }, createdAt: "2026-11-25T12:00:00.000Z" };
const id = "00000000-0000-4000-8000-000000000001";

/** Every incident card, in each of its shapes, named for the test report. */
export function everyIncidentCard(content: ContentCatalog, language: Language): Array<[string, AdaptiveCard]> {
  const ui = content.ui(language);
  const many = (name: string, cards: AdaptiveCard[]): Array<[string, AdaptiveCard]> =>
    cards.map((card, i) => [`${language} ${name} (${i + 1}/${cards.length})`, card]);
  const summaries = [
    ["short", incidentSummary(ui, language, short)],
    ["longest", incidentSummary(ui, language, longest)],
  ] as const;
  return [
    ...incidentQuestionKeys.flatMap((question, i): Array<[string, AdaptiveCard]> => [
      [`${language} incident question ${question}`, incidentQuestionCard({ ui, question, number: i + 1, count: 8 })],
      [
        `${language} incident question ${question}, too long`,
        incidentQuestionCard({
          ui,
          question,
          number: i + 1,
          count: 8,
          notice: ui.incident.tooLong,
          draftAnswer: "😡".repeat(maxKeptDraftLength),
        }),
      ],
    ]),
    ...summaries.flatMap(([name, summary]) => [
      ...many(`incident summary ${name}`, incidentChoicesCards({ ui, summary, retentionDays: 30, saved: false })),
      ...many(`incident summary ${name}, saved`, incidentChoicesCards({ ui, summary, retentionDays: 30, saved: true })),
      ...many(`saved incident ${name}`, savedIncidentCards(ui, summary, id, "25 december 2026")),
      ...many(
        `officer incident ${name}`,
        officerIncidentCards(ui, { senderName: "Test *Testsson*", sentAt: "25 november 2026 12:00", summary }),
      ),
    ]),
    [`${language} incident actions`, incidentActionsCard(ui, ui.incident.saved, { saved: true, retentionDays: 30 })],
    [`${language} incident confirm send`, confirmSendCard(ui, ["Sara Säkerhetsansvarig", "sakerhet@kommun.se"])],
    [`${language} incident download`, downloadLinkCard(ui, "https://bot.example.se/files/abc", 15)],
    [`${language} incident no officer`, incidentNoticeCard(ui, ui.incident.noOfficer, { offerDownload: true })],
    [`${language} incident unfinished`, unfinishedIncidentCard(ui)],
    [`${language} my incidents, empty`, myIncidentsCard(ui, [])],
    [
      `${language} my incidents, many`,
      myIncidentsCard(
        ui,
        Array.from({ length: 40 }, (_, i) => ({
          id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
          documentedAt: "25 november 2026 kl. 12:00",
          expires: "25 december 2026",
          firstWords: i % 3 === 0 ? undefined : "Någon skrev *hotfulla* kommentarer om mig på Facebook i går kväll …",
        })),
      ),
    ],
    [`${language} delete incident`, deleteIncidentCard(ui, id, "25 november 2026 kl. 12:00")],
    ...(["sent", "received", "contacting"] as const).map((status): [string, AdaptiveCard] => [
      `${language} officer hand-over, ${status}`,
      officerHandoverCard(ui, {
        handoverId: id,
        officialName: "Test *Testsson*",
        officerName: "Sara Säkerhetsansvarig",
        status,
        answeredAt: "25 november 2026 12:05",
      }),
    ]),
    [`${language} hand-over withdrawn`, withdrawnHandoverCard(ui, "Test *Testsson*", "25 november 2026 12:00")],
    [`${language} hand-over answered`, officialAnsweredCard(ui, "received", "Sara", "25 november 2026 12:05")],
    [`${language} withdraw hand-over`, withdrawHandoverCard(ui, id, ["Sara Säkerhetsansvarig", "sakerhet@kommun.se"])],
    [
      `${language} my incidents, sent`,
      myIncidentsCard(
        ui,
        Array.from({ length: 40 }, (_, i) => ({
          ...(i % 2 === 0 ? { id } : {}),
          documentedAt: "25 november 2026 kl. 12:00",
          expires: "25 december 2026",
          firstWords: "Någon skrev *hotfulla* kommentarer om mig på Facebook i går kväll …",
          handover: {
            recordId: id,
            statusLines: Array.from({ length: 5 }, () => "Mottagen av Sara Säkerhetsansvarig 25 november 2026 12:05"),
          },
        })),
      ),
    ],
  ];
}
