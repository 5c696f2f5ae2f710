import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { startBotUnderTest, useBotUnderTest } from "../support/test-bot";
import { allActions, cardText, type TestUser } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const akut = content.emergency("sv");
const akutEn = content.emergency("en");
const kris = content.crisis("sv");
const krisEn = content.crisis("en");

const harness = useBotUnderTest("pglite");

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
      await user.say("jag orkar inte mer");
      expectCrisisCard(user, "sv");
      await user.press(kris.emergencyHelp);
      expect(cardText(user.lastCard())).toContain(akut.askTitle);
    } finally {
      await down.stop();
    }
  });
});

/** The crisis card: its title, the three numbers as buttons, and the way on to the emergency help. */
function expectCrisisCard(user: TestUser, language: "sv" | "en") {
  const text = language === "sv" ? kris : krisEn;
  const card = user.lastCard();
  expect(cardText(card).split("\n")[0]).toBe(text.title);
  const json = JSON.stringify(card);
  for (const number of ["tel:112", "tel:90101", "tel:1177"]) expect(json).toContain(number);
  expect(json).toContain("https://mind.se");
  const actions = allActions(card);
  expect(actions[0]).toMatchObject({ type: "Action.OpenUrl", url: "tel:112" });
  expect(actions.map((a) => a.title)).toContain(text.emergencyHelp);
}

describe("the crisis card", () => {
  it.each([
    ["sv", "jag orkar inte mer"],
    ["sv", "Jag orkar inte mer."],
    ["sv", "vill inte leva"],
    ["sv", "jag vill inte leva längre"],
    ["sv", "självmordstankar"],
    ["sv", "sjalvmordstankar"],
    ["sv", "jag har självmordstankar sedan hoten började"],
    ["sv", "JAG VILL DÖ"],
    ["sv", "jag vill do"],
    ["sv", "efter allt hat vill jag bara dö"],
    ["sv", "jag tänker ta livet av mig"],
    ["sv", "hur orkar man, jag vill inte finnas"],
    ["en", "I can't cope"],
    ["en", "i cant cope anymore"],
    ["en", "I want to die"],
    ["en", "suicidal"],
    ["en", "I'm having suicidal thoughts after the threats"],
    ["en", "i dont want to live any more"],
    ["en", "I want to kill myself"],
  ] as const)("[%s] %j is answered at once with the crisis lines", async (language, phrase) => {
    const user = harness.newUser({ locale: language === "sv" ? "sv-SE" : "en-US" });
    const replies = await user.say(phrase);
    expect(replies).toHaveLength(1);
    expectCrisisCard(user, language);
  });

  it("answers in the language of the phrase, whatever the Teams language", async () => {
    const user = harness.newUser({ locale: "sv-SE" });
    await user.say("I want to die");
    expectCrisisCard(user, "en");
    const other = harness.newUser({ locale: "en-US" });
    await other.say("jag vill inte leva");
    expectCrisisCard(other, "sv");
  });

  it("comes before the emergency checklist when a message says both", async () => {
    const user = harness.newUser();
    await user.say("jag har blivit hotad och orkar inte mer");
    expectCrisisCard(user, "sv");
    await user.press(kris.emergencyHelp);
    expect(cardText(user.lastCard())).toContain(akut.askTitle);
  });

  it.each([
    "han hotade att döda mig",
    "jag fick ett dödshot i går",
    "mina döttrar har fått hot",
    "vad säger lagen om dödshot",
    "han skriver att jag borde dö i brand",
    "hur länge sparas det jag dokumenterar",
    "jag orkar inte läsa kommentarerna",
    "ska jag polisanmäla",
    "han skickar sexuella kommentarer hela tiden",
    "jag mår dåligt av allt hat",
    "kan inte sova",
    "vad är olaga hot",
    "I can't sleep after the threats",
    "he said he would kill me",
    "how do I cope with a hate storm",
    "they want me to die in a fire",
    "should I report it to the police",
  ])("%j is an ordinary question, not a crisis", async (question) => {
    const user = harness.newUser();
    await user.say(question);
    const text = cardText(user.lastCard());
    expect(text).not.toContain(kris.title);
    expect(text).not.toContain(krisEn.title);
  });

  it("works for a workspace without a licence", async () => {
    const user = harness.newUser({ tenantId: "tenant-without-licence" });
    await user.say("jag vill inte leva");
    expectCrisisCard(user, "sv");
    await user.press(kris.emergencyHelp);
    expect(cardText(user.lastCard())).toContain(akut.askTitle);
  });
});
