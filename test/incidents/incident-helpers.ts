import { randomUUID } from "node:crypto";
import { incidentQuestionKeys, type IncidentQuestionKey } from "../../src/domain/incidents/incident-record";
import type { UiText } from "../../src/domain/content/ui-text-schema";
import type { BotUnderTest } from "../support/test-bot";
import { cardText, cardsOf, type Card, type TestUser } from "../support/test-user";
import type { SentActivity } from "../support/fake-connector";

export type Answers = Partial<Record<IncidentQuestionKey, string>>;

/** Distinctive answers, with Swedish letters, and no Markdown characters so they show exactly as typed. */
export const fullAnswers: Record<IncidentQuestionKey, string> = {
  what: "En man skrev hotfulla kommentarer om min kropp under mitt inlägg om skolnedläggningen",
  when: "Ungefär tisdag kväll runt kl 21",
  where: "Facebook, kommunens sida om budgeten",
  before: "Samma konto skrev liknande saker i våras",
  who: "Användarnamnet Grävlingen77, vet inte vem det är",
  witnesses: "Min kollega Åsa såg kommentarerna",
  evidence: "Skärmbilder med datum och tid, sparade på datorn och utskrivna",
  feelings: "Jag är rädd och sover dåligt",
};

export function textOf(activities: SentActivity[]): string {
  return activities.flatMap(cardsOf).map(cardText).join("\n");
}

/** Starts `dokumentera` and answers each question by button: the given answers, the rest skipped. */
export async function documentIncident(user: TestUser, ui: UiText, answers: Answers): Promise<SentActivity[]> {
  await user.say("dokumentera");
  let replies: SentActivity[] = [];
  for (const key of incidentQuestionKeys) {
    const answer = answers[key];
    replies = answer
      ? await user.press(ui.incident.next, { incidentAnswer: answer })
      : await user.press(ui.incident.skip);
  }
  return replies;
}

export function lastCards(user: TestUser, count: number): Card[] {
  return user.cards().slice(-count);
}

/** A licensed organisation of its own (a new tenant) with one security officer, open to everyone in it. */
export async function organisationWithOfficer(
  harness: BotUnderTest,
  options: { officerLocale?: string; officerTalksFirst?: boolean } = {},
): Promise<{ tenantId: string; organisationId: string; officer: TestUser; newOfficial: () => TestUser }> {
  const tenantId = randomUUID();
  const officer = harness.newUser({ tenantId, locale: options.officerLocale ?? "sv-SE" });
  const { licensing } = harness.bot.services;
  const licence = await licensing.licences.grant(
    { tenantId, orgName: `Testkommun ${tenantId.slice(0, 4)}`, orgNumber: randomOrgNumber(), kind: "kommun" },
    "test",
  );
  await harness.bot.database.prisma.membership.create({
    data: {
      id: randomUUID(),
      organisationId: licence.organisationId,
      userId: officer.userId,
      email: `sakerhet.${tenantId.slice(0, 8)}@testkommun.se`,
      displayName: "Sara Säkerhetsansvarig",
      role: "officer",
    },
  });
  await licensing.organisations.setAccessMode(licence.organisationId, "everyone", "test");
  if (options.officerTalksFirst !== false) await officer.say("hej");
  return {
    tenantId,
    organisationId: licence.organisationId,
    officer,
    newOfficial: () => harness.newUser({ tenantId }),
  };
}

/** A valid organisationsnummer (Luhn check digit, third digit at least 2), different each call. */
export function randomOrgNumber(): string {
  const digits = [2, 1, 2, ...Array.from({ length: 6 }, () => Math.floor(Math.random() * 10))];
  let sum = 0;
  digits.forEach((digit, i) => {
    let value = digit * (i % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  });
  const check = (10 - (sum % 10)) % 10;
  const all = [...digits, check].join("");
  return `${all.slice(0, 6)}-${all.slice(6)}`;
}
