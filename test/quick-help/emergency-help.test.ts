import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/content-catalog";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { allActions, cardText, type TestUser } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const akut = content.emergency("sv");
const akutEn = content.emergency("en");

let harness: BotUnderTest;
beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
});
afterAll(() => harness?.stop());

async function answerNotInDanger(user: TestUser) {
  await user.press(akut.no);
  return cardText(user.lastCard());
}

describe("akut", () => {
  it.each([
    "akut",
    "AKUT",
    "Akut!",
    "hjälp nu",
    "hjalp nu",
    "Hjälp nu!",
    "jag har blivit utsatt",
    "Jag har blivit utsatt.",
    "jag har blivit hotad",
    "jag har blivit hotad på facebook",
    "JAG HAR BLIVIT HOTAD",
    "jag har blivit hotad ",
  ])("opens on %j with the question whether the user is in danger", async (phrase) => {
    const user = harness.newUser();
    const replies = await user.say(phrase);
    expect(replies).toHaveLength(1);
    expect(cardText(user.lastCard())).toContain(akut.askTitle);
    expect(allActions(user.lastCard()).map((a) => a.title)).toEqual([akut.yes, akut.no]);
  });

  it("answers in English to an English phrase", async () => {
    const user = harness.newUser();
    await user.say("help now");
    expect(cardText(user.lastCard())).toContain(akutEn.askTitle);
  });

  it("in danger: shows 112 first and nothing else that competes with it", async () => {
    const user = harness.newUser();
    await user.say("akut");
    await user.press(akut.yes);
    const card = user.lastCard();
    expect(cardText(card).split("\n")[0]).toBe(akut.danger.title);
    const actions = allActions(card);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ type: "Action.OpenUrl", url: "tel:112" });
  });

  it("not in danger: the six-point checklist, with phone numbers as tel: links", async () => {
    const user = harness.newUser();
    await user.say("akut");
    const text = await answerNotInDanger(user);
    for (const item of akut.checklist.items) expect(text).toContain(item.title);
    const json = JSON.stringify(user.lastCard());
    for (const tel of ["tel:11414", "tel:116006", "tel:020505050"]) expect(json).toContain(tel);
    expect(text).toContain(akut.checklist.generalContact);
  });

  it("shows the organisation's own security officer contact where one is entered", async () => {
    const org = (await harness.bot.services.licensing.licences.list())[0];
    await harness.bot.services.licensing.organisations.setContact(
      org.organisationId,
      {
        contactPhone: "08-123 456 78",
        contactEmail: "sakerhet@demokommun.se",
        routineUrl: "https://demokommun.se/rutin",
      },
      "test",
    );
    try {
      const user = harness.newUser();
      await user.say("akut");
      const text = await answerNotInDanger(user);
      expect(text).toContain("tel:0812345678");
      expect(text).toContain("sakerhet@demokommun.se");
      expect(text).toContain("https://demokommun.se/rutin");
    } finally {
      await harness.bot.services.licensing.organisations.setContact(
        org.organisationId,
        { contactPhone: null, contactEmail: null, routineUrl: null },
        "test",
      );
    }
  });

  it("interrupts a theme, and afterwards resumes at exactly the same step", async () => {
    const user = harness.newUser();
    await user.submit({ verb: "openTheme", themeId: "forovarna" });
    await user.press(sv.step.next);
    await user.press(sv.step.next);
    expect(cardText(user.lastCard())).toContain("steg 3 av 14");
    await user.say("akut");
    await answerNotInDanger(user);
    await user.press(akut.checklist.resume);
    expect(cardText(user.lastCard())).toContain("steg 3 av 14");
    await user.press(sv.step.next);
    expect(cardText(user.lastCard())).toContain("steg 4 av 14");
  });

  it("works for a workspace without a licence: safety information is never behind a paywall", async () => {
    const user = harness.newUser({ tenantId: "tenant-without-licence" });
    await user.say("akut");
    expect(cardText(user.lastCard())).toContain(akut.askTitle);
    const text = await answerNotInDanger(user);
    expect(text).toContain(akut.checklist.items[2].title);
    await user.say("meny");
    expect(cardText(user.lastCard())).toContain(sv.access.noLicenceTitle);
  });
});

describe("akut with the database down", () => {
  it("still answers in full, without the organisation's own contact", async () => {
    const down = await startBotUnderTest("pglite");
    try {
      await down.bot.database.close();
      const user = down.newUser();
      await user.say("akut");
      expect(cardText(user.lastCard())).toContain(akut.askTitle);
      await user.press(akut.yes);
      expect(allActions(user.lastCard())[0]).toMatchObject({ url: "tel:112" });
      await user.say("jag har blivit hotad");
      const text = await answerNotInDanger(user);
      for (const item of akut.checklist.items) expect(text).toContain(item.title);
      expect(text).toContain(akut.checklist.generalContact);
    } finally {
      await down.stop();
    }
  });
});
