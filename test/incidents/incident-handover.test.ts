import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { allActions, cardText, cardsOf, type TestUser } from "../support/test-user";
import { documentIncident, organisationWithOfficer, textOf } from "./incident-helpers";

const content = loadContent();
const sv = content.ui("sv");
const en = content.ui("en");

let harness: BotUnderTest;
beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
});
afterAll(() => harness?.stop());

const handoverRows = (officialUserId: string) =>
  harness.bot.database.prisma.incidentHandover.count({ where: { officialUserId } });

/** Documents an incident as the official and sends it to the officer; returns the hand-over id on the officer's answer card. */
async function sendToOfficer(official: TestUser, officer: TestUser, what = "Hot i ett sms"): Promise<string> {
  await documentIncident(official, sv, { what });
  await official.press(sv.incident.sendToOfficer);
  await official.press(sv.incident.send);
  const answerCard = officer.lastCard();
  const received = allActions(answerCard).find((a) => a.type === "Action.Execute");
  const handoverId = (received as { data?: { handoverId?: string } } | undefined)?.data?.handoverId;
  if (!handoverId) throw new Error(`No answer card for the officer: ${JSON.stringify(answerCard).slice(0, 400)}`);
  return handoverId;
}

async function myIncidentsText(official: TestUser): Promise<string> {
  await official.say("mina händelser");
  return cardText(official.lastCard());
}

describe("the security officer's answer", () => {
  it("offers Mottaget and Jag kontaktar dig, says that the official will be told, and carries only the hand-over id", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    await sendToOfficer(official, org.officer);
    const card = org.officer.lastCard();
    expect(cardText(card)).toContain(sv.incident.handover.ask.replaceAll("{name}", "Test Testsson"));
    const actions = allActions(card) as unknown as Array<{ type: string; title: string; verb: string; data: object }>;
    expect(actions.map((a) => [a.type, a.title, a.verb])).toEqual([
      ["Action.Execute", "Mottaget", "handoverReceived"],
      ["Action.Execute", "Jag kontaktar dig", "handoverContacting"],
    ]);
    for (const action of actions) expect(Object.keys(action.data)).toEqual(["handoverId"]);
  });

  it("updates the officer's card in place, tells the official who and when, and shows 'mottagen av' in mina händelser", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    const handoverId = await sendToOfficer(official, org.officer);
    const officialBefore = harness.connector.forConversation(official.conversationId).length;

    const updated = await org.officer.execute("handoverReceived", { handoverId });
    expect(cardText(updated)).toMatch(/Mottaget av Sara Säkerhetsansvarig, .*2\d{3}.*Test Testsson har fått veta det/);
    expect(allActions(updated).map((a) => a.title)).toEqual([sv.incident.handover.contacting]);

    const told = harness.connector.forConversation(official.conversationId).slice(officialBefore);
    expect(told).toHaveLength(1);
    expect(textOf(told)).toMatch(/Sara Säkerhetsansvarig har tagit emot din sammanfattning \(.+\)/);

    const list = await myIncidentsText(official);
    expect(list).toMatch(/Mottagen av Sara Säkerhetsansvarig .*2\d{3}/);
    expect(list).toContain(sv.incident.handover.sentUnsavedNote);
  });

  it("counts a second press once: the same card, and no second message to the official", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    const handoverId = await sendToOfficer(official, org.officer);
    const first = await org.officer.execute("handoverReceived", { handoverId });
    const officialAfterFirst = harness.connector.forConversation(official.conversationId).length;

    const second = await org.officer.execute("handoverReceived", { handoverId });
    expect(second).toEqual(first);
    expect(harness.connector.forConversation(official.conversationId)).toHaveLength(officialAfterFirst);
  });

  it("lets 'Jag kontaktar dig' follow, once, and mina händelser says the officer will be in touch", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    const handoverId = await sendToOfficer(official, org.officer);
    await org.officer.execute("handoverReceived", { handoverId });
    const before = harness.connector.forConversation(official.conversationId).length;

    const card = await org.officer.execute("handoverContacting", { handoverId });
    expect(cardText(card)).toMatch(/Sara Säkerhetsansvarig kontaktar Test Testsson/);
    expect(allActions(card)).toEqual([]);
    await org.officer.execute("handoverContacting", { handoverId });
    const told = harness.connector.forConversation(official.conversationId).slice(before);
    expect(told).toHaveLength(1);
    expect(textOf(told)).toContain("Sara Säkerhetsansvarig kontaktar dig om din sammanfattning");
    expect(await myIncidentsText(official)).toMatch(/Sara Säkerhetsansvarig kontaktar dig \(.+\)/);
  });

  it("refuses someone else pressing with a copied hand-over id: an official of the organisation, or another organisation's officer", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    const handoverId = await sendToOfficer(official, org.officer);
    const colleague = org.newOfficial();
    await colleague.say("hej");
    const elsewhere = await organisationWithOfficer(harness);
    const before = harness.connector.forConversation(official.conversationId).length;

    for (const intruder of [colleague, elsewhere.officer, official]) {
      const card = await intruder.execute("handoverReceived", { handoverId });
      expect(cardText(card)).toContain(sv.incident.handover.notYours);
    }
    expect(harness.connector.forConversation(official.conversationId)).toHaveLength(before);
    const row = await harness.bot.database.prisma.incidentHandover.findUniqueOrThrow({ where: { id: handoverId } });
    expect(row.status).toBe("sent");
  });

  it("answers a forged or unknown id with a plain notice", async () => {
    const org = await organisationWithOfficer(harness);
    for (const handoverId of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      const card = await org.officer.execute("handoverReceived", { handoverId });
      expect(cardText(card)).toContain(sv.incident.handover.gone);
    }
  });

  it("writes to an English-speaking officer and an English-speaking official in their own language", async () => {
    const org = await organisationWithOfficer(harness, { officerLocale: "en-GB" });
    const official = org.newOfficial();
    official.locale = "en-GB";
    await documentIncident(official, en, { what: "Threatening phone call" });
    await official.press(en.incident.sendToOfficer);
    await official.press(en.incident.send);
    const answerCard = org.officer.lastCard();
    expect(allActions(answerCard).map((a) => a.title)).toEqual([
      en.incident.handover.received,
      en.incident.handover.contacting,
    ]);
    const handoverId = (allActions(answerCard)[0].data as { handoverId: string }).handoverId;
    const before = harness.connector.forConversation(official.conversationId).length;
    expect(cardText(await org.officer.execute("handoverReceived", { handoverId }))).toContain("Received by Sara");
    expect(textOf(harness.connector.forConversation(official.conversationId).slice(before))).toContain(
      "Sara Säkerhetsansvarig has received your summary",
    );
  });
});

describe("withdrawing a sent summary", () => {
  it("replaces every message of the officer's copy with a note, and erases the hand-over", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    const officerBefore = harness.connector.forConversation(org.officer.conversationId).length;
    const handoverId = await sendToOfficer(official, org.officer, "Hot på ett möte");
    // The summary and the answer card.
    expect(harness.connector.forConversation(org.officer.conversationId).length - officerBefore).toBe(2);
    const updatesBefore = harness.connector.updates.length;

    await official.say("mina händelser");
    await official.press(sv.incident.handover.withdraw);
    expect(cardText(official.lastCard())).toContain("Sara Säkerhetsansvarig");
    await official.press(sv.incident.handover.withdrawYes);
    expect(textOf(harness.connector.forConversation(official.conversationId).slice(-2))).toContain(
      sv.incident.handover.withdrawn.replace("{count}", "1"),
    );

    const updates = harness.connector.updates.slice(updatesBefore);
    expect(updates.map((u) => u.conversationId)).toEqual([org.officer.conversationId, org.officer.conversationId]);
    for (const update of updates) {
      const text = cardsOf(update.activity).map(cardText).join("\n");
      expect(text).toMatch(/Test Testsson har återkallat sammanfattningen som skickades/);
      expect(text).not.toContain("Hot på ett möte");
    }
    expect(await handoverRows(official.userId)).toBe(0);
    expect(await myIncidentsText(official)).not.toContain(sv.incident.handover.withdraw);

    const pressAfter = await org.officer.execute("handoverReceived", { handoverId });
    expect(cardText(pressAfter)).toContain(sv.incident.handover.gone);
  });

  it("lets nobody else withdraw a summary or see whom it went to, with its record id: a colleague, or its officer", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    const handoverId = await sendToOfficer(official, org.officer, "Hot vid entrén");
    const { recordId } = await harness.bot.database.prisma.incidentHandover.findUniqueOrThrow({
      where: { id: handoverId },
    });
    const colleague = org.newOfficial();
    await colleague.say("hej");
    const updatesBefore = harness.connector.updates.length;

    for (const intruder of [colleague, org.officer])
      for (const act of ["ask", "confirm"]) {
        const replies = await intruder.submit({ verb: "withdrawHandover", recordId, act });
        expect(textOf(replies)).toContain(sv.incident.handover.notSent);
        expect(textOf(replies)).not.toContain("Sara Säkerhetsansvarig");
      }
    expect(harness.connector.updates.length).toBe(updatesBefore);
    expect(await handoverRows(official.userId)).toBe(1);
    await official.say("mina händelser");
    expect(allActions(official.lastCard()).map((a) => a.title)).toContain(sv.incident.handover.withdraw);
  });

  it("keeps what the official saved, and withdraws a saved incident's summary from its entry", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    await documentIncident(official, sv, { what: "Ett brev hem" });
    await official.press(sv.incident.save.replace("{days}", "30"));
    await official.press(sv.incident.sendToOfficer);
    await official.press(sv.incident.send);
    const list = await myIncidentsText(official);
    expect(list).toContain("Ett brev hem");
    expect(list).toMatch(/Skickad till Sara Säkerhetsansvarig/);

    await official.press(sv.incident.handover.withdraw);
    await official.press(sv.incident.handover.withdrawYes);
    expect(await handoverRows(official.userId)).toBe(0);
    expect(await harness.bot.database.prisma.incident.count({ where: { userId: official.userId } })).toBe(1);
  });

  it("does not send the same summary twice to an officer who already has it", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    await sendToOfficer(official, org.officer);
    const before = harness.connector.forConversation(org.officer.conversationId).length;
    await official.press(sv.incident.sendToOfficer);
    await official.press(sv.incident.send);
    expect(cardText(official.lastCard())).toContain(sv.incident.handover.alreadySent.split("**")[0].trim());
    expect(harness.connector.forConversation(org.officer.conversationId)).toHaveLength(before);
  });
});

describe("the hand-over's data", () => {
  it("is in the official's export and erased with their data", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    await sendToOfficer(official, org.officer);
    const subject = {
      userId: official.userId,
      tenantId: official.tenantId,
      conversationIds: [official.conversationId],
    };
    const data = await harness.bot.services.privacy.userData.collect(subject);
    expect(data.handovers).toEqual([expect.objectContaining({ officer: "Sara Säkerhetsansvarig", status: "sent" })]);

    await official.submit({ verb: "privacyEraseConfirm" });
    expect(await handoverRows(official.userId)).toBe(0);
  });

  it("is purged by retention once the record's time is over", async () => {
    const org = await organisationWithOfficer(harness);
    const official = org.newOfficial();
    await sendToOfficer(official, org.officer);
    const { handovers } = harness.bot.services.incidents;
    expect(await handovers.purgeExpired(new Date())).toBe(0);
    expect(await handovers.purgeExpired(new Date(Date.now() + 31 * 24 * 60 * 60 * 1000))).toBeGreaterThanOrEqual(1);
    expect(await handoverRows(official.userId)).toBe(0);
  });
});
