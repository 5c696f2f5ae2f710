import * as AC from "adaptivecards";
import { describe, expect, it } from "vitest";
import type { AdaptiveCard } from "../../src/cards/adaptive-card";
import { accessCard } from "../../src/cards/access-card";
import { adminCard } from "../../src/cards/admin-card";
import { helpCard } from "../../src/cards/help-card";
import { orderFormCard, orderReceivedCard } from "../../src/cards/order-form-card";
import { menuCard } from "../../src/cards/menu-card";
import { myReflectionsCard, myReflectionsDownloadCard } from "../../src/cards/my-reflections-card";
import { exportReadyCard } from "../../src/cards/privacy-cards";
import { noticeCard } from "../../src/cards/notice-card";
import { themeDoneCard } from "../../src/cards/theme-done-card";
import { themeStepCard } from "../../src/cards/theme-step-card";
import { welcomeCard } from "../../src/cards/welcome-card";
import { reminderCard } from "../../src/cards/reminder-card";
import { invitationCard } from "../../src/cards/invitation-card";
import { crisisCard } from "../../src/cards/crisis-card";
import { emergencyAskCard, emergencyChecklistCard, emergencyDangerCard } from "../../src/cards/emergency-cards";
import { searchResultsCard } from "../../src/cards/search-results-card";
import { everyIncidentCard } from "./incident-card-samples";
import { everyGroupCard } from "./group-card-samples";
import { loadContent } from "../../src/domain/content/content-catalog";
import type { Theme } from "../../src/domain/content/content-schema";
import { languages } from "../../src/domain/content/language";

const content = loadContent();
const organisation = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "Exempelkommun",
  contactPhone: "08-123 456 78",
  contactEmail: "sakerhet@exempelkommun.se",
  routineUrl: "https://exempelkommun.se/rutin",
};
const publicBaseUrl = "https://bot.example.se";
const staticBaseUrl = `${publicBaseUrl}/static`;
/** Teams refuses cards over 28 KB. */
const maxCardBytes = 28 * 1024;

/** The theme with its film steps changed: a film on a host Teams plays in the card, or none yet. */
function withFilm(theme: Theme, film: "elsewhere" | "none"): Theme {
  return {
    ...theme,
    steps: theme.steps.map((step) => {
      if (step.type !== "film") return step;
      const { script: _script, ...rest } = step.film;
      const changed =
        film === "elsewhere"
          ? { ...rest, url: "https://www.youtube.com/watch?v=abc", captions: "films/intervju.sv.vtt" }
          : { ...rest, url: "" };
      return { ...step, film: changed };
    }),
  };
}

/** Every card the bot can send, in every language, in each of its shapes. */
function everyCard(): Array<[string, AdaptiveCard]> {
  return languages.flatMap((language) => {
    const ui = content.ui(language);
    // The paths (e.g. "Stötta en kollega") are walked with the same cards, so they go through every one of them.
    const themes = [...content.themes(language), ...content.paths(language)];
    const path = content.paths(language)[0];
    const statuses = [
      { kind: "notStarted" },
      { kind: "inProgress", step: 3, count: 8 },
      { kind: "completed" },
    ] as const;
    const cards: Array<[string, AdaptiveCard]> = [
      [`${language} welcome`, welcomeCard(ui, { hasAccess: true })],
      [`${language} crisis`, crisisCard(content.crisis(language), language)],
      [`${language} emergency ask`, emergencyAskCard(content.emergency(language), language)],
      [`${language} emergency danger`, emergencyDangerCard(content.emergency(language))],
      [`${language} emergency checklist`, emergencyChecklistCard(content.emergency(language), language, organisation)],
      [
        `${language} search led by the emergency help`,
        searchResultsCard(
          ui,
          language,
          "hot",
          [
            {
              kind: "emergency",
              title: content.emergency(language).searchLead.title,
              excerpt: content.emergency(language).searchLead.excerpt,
            },
            { kind: "article", id: "polisanmalan", title: "Polis", excerpt: "Text" },
            { kind: "themeStep", themeId: path.id, stepId: path.steps[0].id, title: "Steg", excerpt: "Text" },
          ],
          (id) => content.theme(language, id),
        ),
      ],
      [`${language} welcome without access`, welcomeCard(ui, { hasAccess: false })],
      [
        `${language} menu`,
        menuCard(
          ui,
          themes.map((theme, i) => ({ theme, status: statuses[i % statuses.length] })),
        ),
      ],
      [`${language} help`, helpCard(ui, content.paths(language))],
      [`${language} notice`, noticeCard(ui, ui.errors.generic)],
      [
        `${language} my reflections`,
        myReflectionsCard({
          ui,
          language,
          themeById: (id) => content.theme(language, id),
          reflections: themes.map((theme, i) => ({
            id: `r${i}`,
            themeId: theme.id,
            stepId: theme.steps.find((s) => s.type === "reflection")!.id,
            answer: "x".repeat(2000),
            createdAt: new Date(),
          })),
        }),
      ],
      [
        `${language} empty reflections`,
        myReflectionsCard({ ui, language, themeById: () => undefined, reflections: [] }),
      ],
      [`${language} reflections download`, myReflectionsDownloadCard(ui, "https://bot.example.se/files/abc", 15)],
      [
        `${language} my data export`,
        exportReadyCard(ui, { pdf: "https://bot.example.se/files/a", json: "https://bot.example.se/files/b" }, 15),
      ],
      ...(["unlicensed", "expired", "revoked", "noTenant"] as const).map((problem): [string, AdaptiveCard] => [
        `${language} no licence (${problem})`,
        accessCard(ui, { kind: "noLicence", problem }),
      ]),
      [
        `${language} no licence, order pending`,
        accessCard(
          ui,
          { kind: "noLicence", problem: "unlicensed" },
          { number: "B-2026-0001", awaitingConfirmation: false },
        ),
      ],
      [
        `${language} no licence, order awaiting the existing organisation's confirmation`,
        accessCard(
          ui,
          { kind: "noLicence", problem: "unlicensed" },
          { number: "B-2026-0001", awaitingConfirmation: true },
        ),
      ],
      [
        `${language} not granted`,
        accessCard(ui, {
          kind: "notGranted",
          organisations: [organisation, { ...organisation, contactPhone: null, contactEmail: null }],
        }),
      ],
      [`${language} order form`, orderFormCard(ui)],
      [
        `${language} order form with every error`,
        orderFormCard(ui, {
          values: { orgName: "x".repeat(200), orgNumber: "123" },
          errors: {
            orgName: "tooLong",
            orgNumber: "invalidOrgNumber",
            kind: "invalidKind",
            ordererName: "required",
            ordererEmail: "invalidEmail",
            ordererPhone: "invalidPhone",
            invoiceReference: "required",
            acceptPrice: "mustAccept",
          },
        }),
      ],
      [
        `${language} order received`,
        orderReceivedCard(ui, { number: "B-2026-0001", orgName: "Exempelkommun", invoiceReference: "Ref 1" }),
      ],
      [
        `${language} administration with a full list`,
        adminCard({
          ui,
          language,
          organisation: { ...organisation, accessMode: "granted" },
          licenceValidUntil: new Date(),
          members: Array.from({ length: 60 }, (_, i) => ({
            id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
            name: `Förtroendevald med ett ganska långt namn ${i}`,
            email: `fortroendevald.${i}@exempelkommun.se`,
            role: i < 3 ? ("officer" as const) : ("official" as const),
            grantedAt: new Date(),
            grantedByName: "Säkerhetsansvarig Exempelsson",
            hasSignedIn: i % 2 === 0,
          })),
          statistics: {
            officialsWithAccess: { kind: "exact", value: 57 },
            themes: themes.map((theme) => ({
              themeId: theme.id,
              started: { kind: "exact", value: 12 },
              completed: { kind: "fewerThan", limit: 5 },
              groupSessions: { kind: "exact", value: 7 },
            })),
          },
          themeTitle: (id) => content.theme(language, id)?.title ?? id,
          notice: { text: ui.admin.saved, tone: "good" },
          invitationRound: "00000000-0000-4000-8000-00000000abcd",
          reinviteAfterDays: 30,
          pendingOfficers: Array.from({ length: 3 }, (_, i) => ({
            orderId: `00000000-0000-4000-9000-${String(i).padStart(12, "0")}`,
            number: `B-2026-000${i}`,
            name: `Någon med ett *långt* namn ${i}`,
            email: `nagon.${i}@annan-kommun.se`,
            tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
          })),
        }),
      ],
    ];
    cards.push(...everyIncidentCard(content, language));
    cards.push(...everyGroupCard(content, language, { publicBaseUrl, staticBaseUrl }));
    cards.push(
      [`${language} invitation`, invitationCard(ui, "Exempelby *kommun*")],
      [
        `${language} reminder`,
        reminderCard(ui, {
          themeTitle: themes[0].title,
          themeId: themes[0].id,
          stepId: themes[0].steps[1].id,
          step: 2,
          count: 9,
        }),
      ],
    );
    for (const theme of themes) {
      cards.push([`${language} ${theme.id} done`, themeDoneCard(ui, theme)]);
      for (const [variant, shown] of [
        [" (own film)", theme],
        [" (film elsewhere)", withFilm(theme, "elsewhere")],
        [" (film not ready)", withFilm(theme, "none")],
      ] as const) {
        shown.steps.forEach((step, stepIndex) => {
          const notice =
            step.type === "reflection" ? { text: ui.reflection.tooLong, tone: "attention" as const } : undefined;
          const draftAnswer = step.type === "reflection" ? "y".repeat(2001) : undefined;
          cards.push([
            `${language} ${theme.id} step ${step.id}${variant}`,
            themeStepCard({ ui, theme: shown, stepIndex, language, publicBaseUrl, staticBaseUrl, notice, draftAnswer }),
          ]);
        });
      }
    }
    return cards;
  });
}

function parseProblems(json: AdaptiveCard): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of card.validateProperties().validationEvents)
    problems.push(`${AC.ValidationEvent[event.event]}: ${event.message}`);
  return problems;
}

function imagesOf(node: unknown): Array<Record<string, unknown>> {
  if (!node || typeof node !== "object") return [];
  const record = node as Record<string, unknown>;
  const own = record.type === "Image" ? [record] : [];
  return [
    ...own,
    ...Object.values(record).flatMap((value) => (Array.isArray(value) ? value.flatMap(imagesOf) : imagesOf(value))),
  ];
}

describe("every card the bot can send", () => {
  const cards = everyCard();

  it.each(cards)("%s parses as Adaptive Card 1.5 without errors", (_name, card) => {
    expect(card.version).toBe("1.5");
    expect(parseProblems(card)).toEqual([]);
  });

  it.each(cards)("%s is under Teams' 28 KB limit", (_name, card) => {
    expect(Buffer.byteLength(JSON.stringify(card), "utf8")).toBeLessThanOrEqual(maxCardBytes);
  });

  it.each(cards)("%s gives every image a URL and alt text", (_name, card) => {
    for (const image of imagesOf(card)) {
      expect(image.url).toMatch(/^https:\/\//);
      expect(String(image.altText ?? "").length).toBeGreaterThan(0);
    }
  });
});
