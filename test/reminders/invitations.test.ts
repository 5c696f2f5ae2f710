import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { fill } from "../../src/domain/content/ui-text-schema";
import { reinviteAfterDays } from "../../src/domain/reminders/invitation-store";
import { organisationWithOfficer } from "../incidents/incident-helpers";
import { postgresAvailable } from "../support/postgres";
import { useTwoInstancesOnOnePostgres } from "../support/two-instances";
import { useBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { allActions, cardText, type Card, type TestUser } from "../support/test-user";

/**
 * The security officer's "Skicka inbjudan": each official the bot can reach is invited once per round
 * and at most once per `reinviteAfterDays`, whatever the presses, redeliveries and instances.
 */
const content = loadContent();
const sv = content.ui("sv");
const en = content.ui("en");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const invitationsOf = (user: TestUser) =>
  user.cards().filter((card) => [sv, en].some((ui) => cardText(card).includes(ui.invitation.cardTitle)));

/** Waits until each official has `count` invitations, then a while longer to see that no more arrive. */
async function expectInvitations(officials: TestUser[], count: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(100))
    if (officials.every((o) => invitationsOf(o).length >= count)) break;
  await sleep(1000);
  expect(officials.map((o) => invitationsOf(o).length)).toEqual(officials.map(() => count));
}

/** The press of "Skicka inbjudan" on this admin card, as Teams sends it. */
function invitePress(officer: TestUser, adminCard: Card): Record<string, unknown> {
  const invite = allActions(adminCard).find((a) => a.title === sv.invitation.send);
  if (!invite) throw new Error("The admin card has no invitation button");
  return officer.activity({
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb: "adminInvite", data: invite.data } },
  });
}

async function post(url: string, activity: Record<string, unknown>): Promise<Card> {
  const response = await fetch(`${url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { value: Card }).value;
}

async function adminCardOf(officer: TestUser): Promise<Card> {
  await officer.say("admin");
  return officer.lastCard();
}

/** An organisation whose officer and `count` officials have opened the bot, and one official with access who has not. */
async function organisationWithOfficials(harness: BotUnderTest, count: number) {
  const org = await organisationWithOfficer(harness);
  const officials: TestUser[] = [];
  for (let i = 0; i < count; i++) {
    const official = org.newOfficial();
    await official.say("hej");
    officials.push(official);
  }
  await harness.bot.database.prisma.membership.create({
    data: {
      id: randomUUID(),
      organisationId: org.organisationId,
      email: `inte.installerad.${randomUUID().slice(0, 8)}@testkommun.se`,
      role: "official",
    },
  });
  return { ...org, officials };
}

const answer = (invited: number, { already = 0, unreachable = 1 } = {}) =>
  [
    invited > 0 ? fill(sv.invitation.sent, { count: invited }) : sv.invitation.noneNew,
    ...(already > 0 ? [fill(sv.invitation.alreadyInvited, { count: already, days: reinviteAfterDays })] : []),
    ...(unreachable > 0 ? [fill(sv.invitation.notReached, { count: unreachable })] : []),
  ].join(" ");

describe("the security officer's invitation, on one instance", () => {
  const harness = useBotUnderTest("pglite");

  it("tells the officer on the admin card that each official gets at most one invitation per 30 days", async () => {
    const { officer } = await organisationWithOfficials(harness, 0);
    const text = cardText(await adminCardOf(officer));
    expect(text).toContain(fill(sv.invitation.intro, { days: 30 }).split(":")[0]);
    expect(sv.invitation.intro).toContain("{days}");
    expect(en.invitation.intro).toContain("{days}");
  });

  it("sends each invitation once when the same card is pressed twice, at once and again, and answers both presses alike", async () => {
    const { officer, officials } = await organisationWithOfficials(harness, 3);
    const card = await adminCardOf(officer);
    const presses = await Promise.all([
      post(harness.url, invitePress(officer, card)),
      post(harness.url, invitePress(officer, card)),
    ]);
    const again = await post(harness.url, invitePress(officer, card));
    for (const reply of [...presses, again]) expect(cardText(reply)).toContain(answer(3));
    await expectInvitations(officials, 1);
  });

  it("sends once when Teams delivers the press twice", async () => {
    const { officer, officials } = await organisationWithOfficials(harness, 2);
    const press = invitePress(officer, await adminCardOf(officer));
    const first = await post(harness.url, press);
    const redelivered = await post(harness.url, press);
    expect(redelivered).toEqual(first);
    await expectInvitations(officials, 1);
  });

  it("invites only the new officials from a new card within 30 days, says how many had one already, and everyone again after 30 days", async () => {
    const { officer, officials, newOfficial, organisationId } = await organisationWithOfficials(harness, 2);
    const first = await post(harness.url, invitePress(officer, await adminCardOf(officer)));
    expect(cardText(first)).toContain(answer(2));
    await expectInvitations(officials, 1);

    // The answer to a press is a fresh admin card, with a new round on its button.
    const nobodyNew = await post(harness.url, invitePress(officer, first));
    expect(cardText(nobodyNew)).toContain(answer(0, { already: 2 }));
    const latecomer = newOfficial();
    await latecomer.say("hej");
    const onlyTheNewOne = await post(harness.url, invitePress(officer, nobodyNew));
    expect(cardText(onlyTheNewOne)).toContain(answer(1, { already: 2 }));
    await expectInvitations([...officials, latecomer], 1);

    const prisma = harness.bot.database.prisma;
    const longAgo = new Date(Date.now() - (reinviteAfterDays + 1) * 24 * 60 * 60 * 1000);
    await prisma.invitation.updateMany({ where: { organisationId }, data: { invitedAt: longAgo } });
    const monthLater = await post(harness.url, invitePress(officer, onlyTheNewOne));
    expect(cardText(monthLater)).toContain(answer(3));
    await expectInvitations([...officials, latecomer], 2);
  });

  it("records who was invited and when as the official's personal data, in the export and gone with Radera allt", async () => {
    const { officer, officials } = await organisationWithOfficials(harness, 1);
    await post(harness.url, invitePress(officer, await adminCardOf(officer)));
    const [official] = officials;
    await expectInvitations(officials, 1);
    const subject = {
      userId: official.userId,
      tenantId: official.tenantId,
      conversationIds: [official.conversationId],
    };
    const data = await harness.bot.services.privacy.userData.collect(subject);
    expect(data.invitations).toEqual([{ invitedAt: expect.any(Date), deliveredAt: expect.any(Date) }]);

    await official.submit({ verb: "privacyEraseConfirm" });
    expect(await harness.bot.database.prisma.invitation.count({ where: { userId: official.userId } })).toBe(0);
  });
});

describe("the security officer's invitation, on two instances sharing one PostgreSQL", async () => {
  const pg = await postgresAvailable;
  if (!pg) return it.skip("needs PostgreSQL");
  const shared = useTwoInstancesOnOnePostgres({
    as: "in-process",
    env: { LOG_LEVEL: "error", RATE_LIMIT_USER_PER_MINUTE: "1000", REMINDER_SWEEP_SECONDS: "1" },
  });
  const harnessOn = (index: 0 | 1) => shared.harnessOn(index);

  it("sends each invitation once when the same card is pressed on both instances at once", async () => {
    const { officer, officials } = await organisationWithOfficials(harnessOn(0), 3);
    const card = await adminCardOf(officer);
    const urls = ([0, 1, 0, 1] as const).map((i) => harnessOn(i).url);
    const replies = await Promise.all(urls.map((url) => post(url, invitePress(officer, card))));
    for (const reply of replies) expect(cardText(reply)).toContain(answer(3));
    await expectInvitations(officials, 1);
  });

  it("sends each invitation once when two officers' cards are pressed on the two instances at once", async () => {
    const org = await organisationWithOfficials(harnessOn(0), 3);
    const cards = [await adminCardOf(org.officer), await adminCardOf(org.officer)];
    const replies = await Promise.all(
      cards.map((card, i) => post(harnessOn(i === 0 ? 0 : 1).url, invitePress(org.officer, card))),
    );
    const invitedByEach = replies.map((reply) => (cardText(reply).includes(answer(3)) ? 3 : 0));
    expect(invitedByEach.sort()).toEqual([0, 3]);
    expect(replies.map(cardText).join("\n")).toContain(answer(0, { already: 3 }));
    await expectInvitations(org.officials, 1);
  });

  it("sends each invitation of a round whose instance died after the commit once, though both instances sweep", async () => {
    const harness = harnessOn(0);
    const { officer, officials, organisationId } = await organisationWithOfficials(harness, 4);
    // The round as the press committed it, its own sends never started.
    const { services } = harness.bot;
    const { reachable, unreachable } = await services.incidents.references.officialsOf(organisationId, officer.userId);
    const round = await services.invitations.runRound(randomUUID(), organisationId, reachable, unreachable);
    expect(round.invited).toBe(4);
    await sleep(2000);
    expect(officials.map((o) => invitationsOf(o).length)).toEqual([0, 0, 0, 0]);

    // The grace period for the round's own sends is over.
    await harness.bot.database.prisma.invitation.updateMany({
      where: { organisationId },
      data: { nextAttemptAt: new Date(Date.now() - 1000) },
    });
    await expectInvitations(officials, 1);
    await sleep(2000); // more sweeps, by both instances
    expect(officials.map((o) => invitationsOf(o).length)).toEqual([1, 1, 1, 1]);
  });
});
