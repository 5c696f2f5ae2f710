import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { fill } from "../../src/domain/content/ui-text-schema";
import { postgresAvailable } from "../support/postgres";
import { useTwoInstancesOnOnePostgres } from "../support/two-instances";
import { useBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { allActions, cardText, cardsOf, type TestUser } from "../support/test-user";
import { documentIncident, organisationWithOfficer, textOf } from "./incident-helpers";

/**
 * An incident sent to three security officers: the first to answer holds it, and every other officer's
 * copy says so at once, so two officers do not both call the official.
 */
const sv = loadContent().ui("sv");
const onPglite = useBotUnderTest("pglite");
/** The bot the tests below talk to: one instance on PGlite, or the first of two on PostgreSQL. */
let harness: BotUnderTest = onPglite;
const prisma = () => harness.bot.database.prisma;

interface Officer {
  user: TestUser;
  name: string;
}

/** An organisation with three security officers who have each opened the bot, and one official. */
async function threeOfficers(): Promise<{ official: TestUser; officers: Officer[] }> {
  const org = await organisationWithOfficer(harness);
  const officers: Officer[] = [{ user: org.officer, name: "Sara Säkerhetsansvarig" }];
  for (const name of ["Bo Beredskap", "Cilla Chef"]) {
    const user = org.newOfficial();
    await prisma().membership.create({
      data: {
        id: randomUUID(),
        organisationId: org.organisationId,
        userId: user.userId,
        email: `${randomUUID().slice(0, 8)}@testkommun.se`,
        displayName: name,
        role: "officer",
      },
    });
    await user.say("hej");
    officers.push({ user, name });
  }
  return { official: org.newOfficial(), officers };
}

/** The official documents an incident and sends it to every officer; the hand-over id on each officer's answer card. */
async function sendToAll(official: TestUser, officers: Officer[], what: string): Promise<string[]> {
  await documentIncident(official, sv, { what });
  await official.press(sv.incident.sendToOfficer);
  await official.press(sv.incident.send);
  return officers.map(({ user }) => {
    const action = allActions(user.lastCard()).find((a) => a.type === "Action.Execute");
    const id = (action?.data as { handoverId?: string } | undefined)?.handoverId;
    if (!id) throw new Error(`No answer card for the officer: ${JSON.stringify(user.lastCard()).slice(0, 300)}`);
    return id;
  });
}

/** The updates the bot made to one officer's messages since `from`. */
const updatesOf = (officer: Officer, from: number) =>
  harness.connector.updates.slice(from).filter((u) => u.conversationId === officer.user.conversationId);

const officialMessages = (official: TestUser) => harness.connector.forConversation(official.conversationId).length;

const answerCardIdOf = async (handoverId: string) =>
  (await prisma().incidentHandover.findUniqueOrThrow({ where: { id: handoverId } })).officerActivityIds.at(-1);

const filled = (template: string, officer: string) => fill(template, { officer, name: "Test Testsson" });

describe("an incident sent to several security officers", () => {
  it("updates every other officer's answer card in place when one answers: who holds it, since when, no buttons", async () => {
    const { official, officers } = await threeOfficers();
    const [sara, bo, cilla] = officers;
    const ids = await sendToAll(official, officers, "Hot i ett mejl");
    const updatesBefore = harness.connector.updates.length;
    const officialBefore = officialMessages(official);

    await sara.user.execute("handoverReceived", { handoverId: ids[0] });

    expect(updatesOf(sara, updatesBefore)).toEqual([]);
    for (const [index, colleague] of [bo, cilla].entries()) {
      const updates = updatesOf(colleague, updatesBefore);
      expect(updates).toHaveLength(1);
      expect(updates[0].activityId).toBe(await answerCardIdOf(ids[index + 1]));
      const [card] = cardsOf(updates[0].activity);
      const expected = filled(sv.incident.handover.takenReceived, "Sara Säkerhetsansvarig").split(" (")[0];
      expect(cardText(card)).toContain(expected);
      expect(cardText(card)).toMatch(/\(\d.*2\d{3}.*\)/);
      expect(allActions(card)).toEqual([]);
    }
    expect(officialMessages(official) - officialBefore).toBe(1);
    expect(textOf(harness.connector.forConversation(official.conversationId).slice(-1))).toContain(
      "Sara Säkerhetsansvarig har tagit emot din sammanfattning",
    );
  });

  it("answers a colleague's later press with who holds it, records nothing and tells the official nothing more", async () => {
    const { official, officers } = await threeOfficers();
    const [sara, bo] = officers;
    const ids = await sendToAll(official, officers, "Hot i ett brev");
    await sara.user.execute("handoverReceived", { handoverId: ids[0] });
    const officialBefore = officialMessages(official);
    const updatesBefore = harness.connector.updates.length;

    for (const verb of ["handoverReceived", "handoverContacting"]) {
      const card = await bo.user.execute(verb, { handoverId: ids[1] });
      expect(cardText(card)).toContain(
        filled(sv.incident.handover.takenReceived, "Sara Säkerhetsansvarig").split(" (")[0],
      );
      expect(allActions(card)).toEqual([]);
    }
    expect(officialMessages(official)).toBe(officialBefore);
    expect(harness.connector.updates.length).toBe(updatesBefore);
    const row = await prisma().incidentHandover.findUniqueOrThrow({ where: { id: ids[1] } });
    expect(row.status).toBe("sent");
  });

  it("shows the colleagues the holder's 'Jag kontaktar dig' too", async () => {
    const { official, officers } = await threeOfficers();
    const [sara, bo, cilla] = officers;
    const ids = await sendToAll(official, officers, "Hot på ett möte");
    await sara.user.execute("handoverReceived", { handoverId: ids[0] });
    const updatesBefore = harness.connector.updates.length;

    const own = await sara.user.execute("handoverContacting", { handoverId: ids[0] });
    expect(cardText(own)).toMatch(/Sara Säkerhetsansvarig kontaktar Test Testsson/);
    for (const colleague of [bo, cilla]) {
      const [update] = updatesOf(colleague, updatesBefore);
      const expected = filled(sv.incident.handover.takenContacting, "Sara Säkerhetsansvarig").split(" (")[0];
      expect(cardText(cardsOf(update.activity)[0])).toContain(expected);
    }
  });

  it("lets exactly one of two officers pressing at the same moment hold it, and tells the official once", async () => {
    const { official, officers } = await threeOfficers();
    const ids = await sendToAll(official, officers, "Hot i telefon");
    const officialBefore = officialMessages(official);

    const cards = await Promise.all([
      officers[0].user.execute("handoverReceived", { handoverId: ids[0] }),
      officers[1].user.execute("handoverContacting", { handoverId: ids[1] }),
    ]);
    const rows = await prisma().incidentHandover.findMany({ where: { id: { in: ids } } });
    expect(rows.filter((r) => r.status !== "sent")).toHaveLength(1);
    expect(officialMessages(official) - officialBefore).toBe(1);
    const holderIndex = ids.indexOf(rows.find((r) => r.status !== "sent")!.id);
    const other = cards[1 - holderIndex];
    expect(cardText(other)).toContain(officers[holderIndex].name);
    expect(allActions(other)).toEqual([]);
  });

  it("replaces every message of every officer's copy when the official withdraws, the updated answer cards too", async () => {
    const { official, officers } = await threeOfficers();
    const ids = await sendToAll(official, officers, "Hot i ett sms");
    await officers[0].user.execute("handoverReceived", { handoverId: ids[0] });
    const updatesBefore = harness.connector.updates.length;

    await official.say("mina händelser");
    await official.press(sv.incident.handover.withdraw);
    await official.press(sv.incident.handover.withdrawYes);

    for (const officer of officers) {
      const updates = updatesOf(officer, updatesBefore);
      // The summary and the answer card.
      expect(updates).toHaveLength(2);
      for (const update of updates) {
        const text = cardsOf(update.activity).map(cardText).join("\n");
        expect(text).toMatch(/Test Testsson har återkallat sammanfattningen/);
        expect(text).not.toContain("Hot i ett sms");
      }
    }
    expect(await prisma().incidentHandover.count({ where: { id: { in: ids } } })).toBe(0);
  });
});

describe("an incident sent to several security officers, on two instances sharing one PostgreSQL", async () => {
  const pg = await postgresAvailable;
  if (!pg) return it.skip("needs PostgreSQL");
  const shared = useTwoInstancesOnOnePostgres({
    as: "in-process",
    env: { LOG_LEVEL: "error", RATE_LIMIT_USER_PER_MINUTE: "1000" },
  });
  const on = (index: 0 | 1) => shared.harnessOn(index);

  it("lets exactly one of two officers pressing at once on the two instances hold it, and tells the official once", async () => {
    harness = on(0);
    try {
      const { official, officers } = await threeOfficers();
      const ids = await sendToAll(official, officers, "Hot i ett inlägg");
      const officialBefore = officialMessages(official);
      const elsewhere = shared.userOn(1, {
        tenantId: officers[1].user.tenantId,
        userId: officers[1].user.userId,
        conversationId: officers[1].user.conversationId,
      });
      await Promise.all([
        officers[0].user.execute("handoverReceived", { handoverId: ids[0] }),
        elsewhere.execute("handoverReceived", { handoverId: ids[1] }),
      ]);
      const rows = await prisma().incidentHandover.findMany({ where: { id: { in: ids } } });
      expect(rows.filter((r) => r.status !== "sent")).toHaveLength(1);
      expect(officialMessages(official) - officialBefore).toBe(1);
    } finally {
      harness = onPglite;
    }
  });
});
