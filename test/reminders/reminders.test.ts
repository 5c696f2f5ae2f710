import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { fill } from "../../src/domain/content/ui-text-schema";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { allActions, cardText, type Card, type TestUser } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const en = content.ui("en");
const themeSv = content.themes("sv")[0];
const themeEn = content.theme("en", themeSv.id)!;

let harness: BotUnderTest;
beforeAll(async () => {
  harness = await startBotUnderTest("pglite", { REMINDER_SWEEP_SECONDS: "1" });
});
afterAll(() => harness?.stop());

const prisma = () => harness.bot.database.prisma;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A week passes: the user's reminders fall due. */
const letTimePass = (user: TestUser) =>
  prisma().reminder.updateMany({ where: { userId: user.userId }, data: { dueAt: new Date(Date.now() - 1000) } });
const cardsWith = (user: TestUser, text: string) => user.cards().filter((card) => cardText(card).includes(text));
async function waitFor<T>(check: () => T | undefined, ms = 8000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) {
    const found = check();
    if (found) return found;
  }
  throw new Error("waited in vain");
}

/** Opens the first theme and goes one step on, so it is unfinished at step 2. */
async function beginTheme(user: TestUser, language: "sv" | "en" = "sv") {
  const ui = language === "sv" ? sv : en;
  await user.say(language === "sv" ? "meny" : "menu");
  await user.press(fill(ui.menu.open, { number: themeSv.order }));
  await user.press(ui.step.next);
}

describe("reminders an official asks for", () => {
  it("påminn mig om en vecka schedules one reminder for the unfinished theme, which arrives once when due, names theme and step, and resumes there", async () => {
    const user = harness.newUser();
    await beginTheme(user);
    await user.say("påminn mig om en vecka");
    expect(cardText(user.lastCard())).toContain(themeSv.title);
    const [row] = await prisma().reminder.findMany({ where: { userId: user.userId } });
    expect(row.themeId).toBe(themeSv.id);
    const days = (row.dueAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);

    await sleep(1500);
    const title = fill(sv.reminders.cardTitle, { theme: themeSv.title });
    expect(cardsWith(user, title)).toHaveLength(0); // not before it is due

    await letTimePass(user);
    const reminder = await waitFor(() => cardsWith(user, title)[0]);
    expect(cardText(reminder)).toContain(fill(sv.reminders.cardBody, { step: 2, count: themeSv.steps.length }));
    expect(allActions(reminder).map((a) => a.title)).toEqual([sv.reminders.resume, sv.reminders.stop]);
    await sleep(2500);
    expect(cardsWith(user, title)).toHaveLength(1);
    expect((await prisma().reminder.findFirstOrThrow({ where: { userId: user.userId } })).status).toBe("sent");

    await user.press(sv.reminders.resume);
    expect(cardText(user.lastCard())).toContain(
      fill(sv.step.position, { theme: themeSv.order, step: 2, count: themeSv.steps.length }),
    );
  });

  it("sluta påminna removes every pending reminder, and nothing is sent afterwards", async () => {
    const user = harness.newUser();
    await beginTheme(user);
    await user.say("påminn mig imorgon");
    await user.press(sv.menu.title);
    await user.press(sv.reminders.remindButton); // the menu's button for the theme in progress: replaces, not adds
    expect(cardText(user.lastCard())).toContain(sv.reminders.replaced);
    expect(await prisma().reminder.count({ where: { userId: user.userId } })).toBe(1);

    await user.say("sluta påminna");
    expect(cardText(user.lastCard())).toContain(fill(sv.reminders.stopped, { count: 1 }));
    expect(await prisma().reminder.count({ where: { userId: user.userId } })).toBe(0);
    await letTimePass(user);
    await sleep(2500);
    expect(cardsWith(user, fill(sv.reminders.cardTitle, { theme: themeSv.title }))).toHaveLength(0);
  });

  it("remind me tomorrow works in English, a day ahead, and the reminder speaks English", async () => {
    const user = harness.newUser({ locale: "en-GB" });
    await beginTheme(user, "en");
    await user.say("remind me tomorrow");
    expect(cardText(user.lastCard())).toContain(themeEn.title);
    const row = await prisma().reminder.findFirstOrThrow({ where: { userId: user.userId } });
    expect((row.dueAt.getTime() - Date.now()) / 86_400_000).toBeCloseTo(1, 1);
    await letTimePass(user);
    const reminder = await waitFor(() => cardsWith(user, fill(en.reminders.cardTitle, { theme: themeEn.title }))[0]);
    expect(allActions(reminder).map((a) => a.title)).toEqual([en.reminders.resume, en.reminders.stop]);
    await user.say("stop reminders");
    expect(cardText(user.lastCard())).toContain(en.reminders.nothingToStop);
  });

  it("schedules nothing for someone with no theme in progress", async () => {
    const user = harness.newUser();
    await user.say("påminn mig om en vecka");
    expect(cardText(user.lastCard())).toContain(sv.reminders.nothingToRemind);
    expect(await prisma().reminder.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("is part of mina data and goes with Radera allt", async () => {
    const user = harness.newUser();
    await beginTheme(user);
    await user.say("påminn mig om en vecka");
    const data = await harness.bot.services.privacy.userData.collect({ userId: user.userId, conversationIds: [] });
    expect(data.reminders).toEqual([expect.objectContaining({ themeId: themeSv.id, status: "due" })]);
    const result = await harness.bot.services.privacy.userData.erase({ userId: user.userId, conversationIds: [] });
    expect(result.kind).toBe("erased");
    expect(await prisma().reminder.count({ where: { userId: user.userId } })).toBe(0);
  });
});

describe("the security officer's invitation", () => {
  let tenantCounter = 0;
  const newTenant = () => `bbbbbbbb-0000-0000-0000-${String(++tenantCounter).padStart(12, "0")}`;

  it("reaches the organisation's installed officials only, and tells the officer how many could not be reached; a revoked official's reminders go", async () => {
    const tenantId = newTenant();
    const officer = harness.newUser({ tenantId });
    await harness.bot.services.licensing.licences.grant(
      {
        tenantId,
        orgName: "Inbjudans kommun",
        orgNumber: "212000-0142",
        kind: "kommun",
        officerUserId: officer.userId,
      },
      "operator",
    );
    const [anna, bertil, cecilia] = ["anna", "bertil", "cecilia"].map((name) => {
      const user = harness.newUser({ tenantId, locale: name === "bertil" ? "en-US" : "sv-SE" });
      harness.connector.members.set(`29:${user.userId}`, { email: `${name}@kommun.se`, name });
      return user;
    });
    await officer.execute("adminGrant", { emails: "anna@kommun.se, bertil@kommun.se, cecilia@kommun.se" });
    await anna.say("meny");
    await bertil.say("menu");
    // Cecilia has access but has never opened the bot; David is in the workspace without access;
    // Erik has the bot installed in a workspace without a licence.
    const david = harness.newUser({ tenantId });
    await david.say("meny");
    const erik = harness.newUser({ tenantId: newTenant() });
    await erik.say("meny");

    await officer.say("admin");
    const card: Card = await officer.execute("adminInvite", officer.findAction(sv.invitation.send).data);
    const text = cardText(card);
    expect(text).toContain(fill(sv.invitation.sent, { count: 2 }));
    expect(text).toContain(fill(sv.invitation.notReached, { count: 1 }));

    const invitationOf = (user: TestUser, ui: typeof sv) => cardsWith(user, ui.invitation.cardTitle)[0];
    const annas = await waitFor(() => invitationOf(anna, sv));
    expect(cardText(annas)).toContain("Inbjudans kommun");
    expect(allActions(annas).map((a) => a.title)).toEqual([sv.invitation.open]);
    await waitFor(() => invitationOf(bertil, en));
    await sleep(500);
    for (const other of [cecilia, david, erik, officer]) {
      expect(cardsWith(other, sv.invitation.cardTitle)).toHaveLength(0);
      expect(cardsWith(other, en.invitation.cardTitle)).toHaveLength(0);
    }

    await anna.press(sv.invitation.open);
    expect(cardText(anna.lastCard())).toContain(sv.menu.intro);

    // Revoking Anna's access erases her reminders with it.
    await beginTheme(anna);
    await anna.say("påminn mig om en vecka");
    expect(await prisma().reminder.count({ where: { userId: anna.userId } })).toBe(1);
    const membership = await prisma().membership.findFirstOrThrow({ where: { email: "anna@kommun.se" } });
    await officer.execute("adminRevoke", { membershipId: membership.id });
    expect(await prisma().reminder.count({ where: { userId: anna.userId } })).toBe(0);
  });
});
