import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { useBotUnderTest } from "../support/test-bot";
import { allActions, cardText, type TestUser } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const en = content.ui("en");

const harness = useBotUnderTest("pglite");

/** Presses forward through the current theme or path until its done card, skipping reflections. */
async function walkToEnd(user: TestUser, ui = sv): Promise<string[]> {
  const positions: string[] = [];
  for (let guard = 0; guard < 20; guard++) {
    const text = cardText(user.lastCard());
    if (text.includes(ui.themeDone.title) || text.includes(ui.themeDone.pathTitle)) return positions;
    positions.push(text.split("\n")[0]);
    const titles = allActions(user.lastCard()).map((a) => a.title);
    await user.press(
      titles.includes(ui.reflection.skip)
        ? ui.reflection.skip
        : titles.includes(ui.step.finish)
          ? ui.step.finish
          : ui.step.next,
    );
  }
  throw new Error("The theme never ended");
}

describe("walking a theme", () => {
  const cases = content.themes("sv").flatMap((theme) => [
    { language: "sv", locale: "sv-SE", ui: sv, theme },
    { language: "en", locale: "en-GB", ui: en, theme: content.theme("en", theme.id)! },
  ]);

  it.each(cases)(
    "$language: theme $theme.order can be walked from its first to its last step",
    async ({ locale, ui, theme }) => {
      const user = harness.newUser({ locale });
      await user.say(locale.startsWith("en") ? "menu" : "meny");
      await user.press(ui.menu.open.replace("{number}", String(theme.order)));
      const positions = await walkToEnd(user, ui);

      expect(positions).toHaveLength(theme.steps.length);
      positions.forEach((position, i) => expect(position).toContain(` ${i + 1} `));
      expect(cardText(user.lastCard())).toContain(theme.title);

      await user.press(ui.themeDone.toMenu);
      const menu = cardText(user.lastCard());
      expect(menu).toContain(`✓ ${ui.menu.completed}`);
    },
  );
});

describe("the path 'Stötta en kollega' / 'Support a colleague'", () => {
  const pathId = "stotta-en-kollega";
  const cases = [
    { language: "sv", locale: "sv-SE", ui: sv, path: content.theme("sv", pathId)! },
    { language: "en", locale: "en-GB", ui: en, path: content.theme("en", pathId)! },
  ];

  it.each(cases)(
    "$language: is listed after the four themes, under its own heading and without a theme number",
    async ({ locale, ui, path }) => {
      const user = harness.newUser({ locale });
      await user.say(locale.startsWith("en") ? "menu" : "meny");
      const menu = cardText(user.lastCard());
      const lastTheme = content.themes(locale.startsWith("en") ? "en" : "sv").at(-1)!;
      expect(menu.indexOf(ui.menu.pathsTitle)).toBeGreaterThan(menu.indexOf(lastTheme.title));
      expect(menu.indexOf(path.title)).toBeGreaterThan(menu.indexOf(ui.menu.pathsTitle));
      expect(menu).not.toContain(ui.menu.themeNumber.replace("{number}", "5"));
      expect(allActions(user.lastCard()).map((a) => a.title)).toContain(
        ui.menu.pathOpen.replace("{title}", path.title),
      );
    },
  );

  it.each(cases)(
    "$language: can be walked from the menu to its last step, with its own position line and done card",
    async ({ locale, ui, path }) => {
      const user = harness.newUser({ locale });
      await user.say(locale.startsWith("en") ? "menu" : "meny");
      await user.press(ui.menu.pathOpen.replace("{title}", path.title));
      const positions = await walkToEnd(user, ui);

      expect(positions).toHaveLength(path.steps.length);
      positions.forEach((position, i) =>
        expect(position).toContain(
          ui.step.pathPosition.replace("{step}", String(i + 1)).replace("{count}", String(path.steps.length)),
        ),
      );
      const done = cardText(user.lastCard());
      expect(done).toContain(ui.themeDone.pathTitle);
      expect(done).toContain(path.title);
      expect(done).toContain(path.sources[0]);

      await user.press(ui.themeDone.toMenu);
      expect(allActions(user.lastCard()).map((a) => a.title)).toContain(
        ui.menu.pathRestart.replace("{title}", path.title),
      );
      const progress = await harness.bot.database.prisma.themeProgress.findFirst({
        where: { userId: user.userId, themeId: pathId },
      });
      expect(progress?.completedAt).toBeInstanceOf(Date);
    },
  );

  it("is reached from hjälp: the help card has a button that opens the path's first step", async () => {
    const user = harness.newUser();
    await user.say("hjälp");
    expect(cardText(user.lastCard())).toContain(sv.help.pathsIntro);
    const path = content.theme("sv", pathId)!;
    await user.press(path.title);
    const step = cardText(user.lastCard());
    expect(step).toContain(path.steps[0].title);
    expect(step).toContain(sv.step.pathPosition.replace("{step}", "1").replace("{count}", String(path.steps.length)));
  });

  it("is reached by a question: the search answer opens the path's step", async () => {
    const user = harness.newUser();
    await user.say("hur stöttar jag en kollega som blivit hotad");
    const path = content.theme("sv", pathId)!;
    expect(cardText(user.lastCard())).toContain(sv.search.fromPath.replace("{theme}", path.title));
    await user.press(sv.search.openStep);
    expect(cardText(user.lastCard())).toContain(path.steps[0].title);
  });

  it("saves a reflection answer on the path like on a theme", async () => {
    const user = harness.newUser();
    await user.submit({ verb: "openTheme", themeId: pathId, stepId: "reflektion-samtalet" });
    await user.press(sv.reflection.save, { reflectionAnswer: "Jag skulle säga att jag tror på henne" });
    expect(cardText(user.lastCard())).toContain(sv.reflection.saved);
    await user.say("mina reflektioner");
    expect(cardText(user.lastCard())).toContain("Jag skulle säga att jag tror på henne");
  });
});

describe("moving inside a theme", () => {
  it("goes forward with next and back with back, and the first step has no back button", async () => {
    const user = harness.newUser();
    await user.submit({ verb: "openTheme", themeId: "forovarna" });
    expect(cardText(user.lastCard())).toContain("steg 1 av 14");
    expect(allActions(user.lastCard()).map((a) => a.title)).not.toContain(sv.step.back);

    await user.press(sv.step.next);
    await user.press(sv.step.next);
    expect(cardText(user.lastCard())).toContain("steg 3 av 14");
    await user.press(sv.step.back);
    expect(cardText(user.lastCard())).toContain("steg 2 av 14");
  });

  it("applies a press on an older card to that card's step", async () => {
    const user = harness.newUser();
    await user.submit({ verb: "openTheme", themeId: "forovarna" });
    const firstCardNext = user.findAction(sv.step.next).data!;
    await user.press(sv.step.next);
    await user.press(sv.step.next);
    await user.submit(firstCardNext);
    expect(cardText(user.lastCard())).toContain("steg 2 av 14");
  });

  it("answers a question typed inside a theme, and the theme goes on from the same step", async () => {
    const user = harness.newUser();
    await user.submit({ verb: "openTheme", themeId: "forovarna" });
    await user.press(sv.step.next);
    const stepCardNext = user.findAction(sv.step.next).data!;
    const replies = await user.say("ska jag polisanmäla");
    expect(replies).toHaveLength(1);
    expect(cardText(user.lastCard())).toContain(sv.search.intro);
    await user.submit(stepCardNext);
    expect(cardText(user.lastCard())).toContain("steg 3 av 14");
  });
});

describe("the stored state of a long walk", () => {
  /** Bytes of the conversation's bot_state rows, as the next turn loads them. */
  async function stateBytes(conversationId: string): Promise<number> {
    const [{ bytes }] = await harness.bot.database.prisma.$queryRaw<Array<{ bytes: number }>>`
      SELECT coalesce(sum(octet_length(data::text)), 0)::int AS bytes FROM bot_state
      WHERE key LIKE ${`%${conversationId}%`}`;
    return bytes;
  }

  /** Opens theme 3 and presses next and back alternately, as the load benchmark does. */
  async function afterPresses(presses: number): Promise<number> {
    const user = harness.newUser();
    await user.submit({ verb: "openTheme", themeId: "forovarna" });
    for (let i = 0; i < presses; i++) await user.press(i % 2 === 0 ? sv.step.next : sv.step.back);
    return stateBytes(user.conversationId);
  }

  it("after 100 presses in one theme is no larger than after 5", async () => {
    const afterFive = await afterPresses(5);
    const afterHundred = await afterPresses(100);
    console.info(`bot_state: ${afterFive} B after 5 presses, ${afterHundred} B after 100`);
    expect(afterFive).toBeGreaterThan(0);
    expect(afterHundred).toBeLessThanOrEqual(afterFive);
  });
});

describe("the menu", () => {
  it("marks each theme as not started, in progress with its step, or completed", async () => {
    const user = harness.newUser();
    await user.submit({ verb: "openTheme", themeId: "uttryck-och-konsekvenser" });
    await user.press(sv.step.next);
    await user.press(sv.step.next);
    await user.say("meny");
    const menu = cardText(user.lastCard());
    expect(menu).toContain(
      sv.menu.inProgress
        .replace("{step}", "3")
        .replace("{count}", String(content.theme("sv", "uttryck-och-konsekvenser")!.steps.length)),
    );
    // Three other themes and the supporters' path are not started.
    expect(menu.split(sv.menu.notStarted)).toHaveLength(5);
    expect(allActions(user.lastCard()).map((a) => a.title)).toContain("Fortsätt tema 2");
  });

  it.each(["meny", "Meny", " teman ", "MENU", "menyn!"])("opens on the typed word %j", async (word) => {
    const user = harness.newUser();
    await user.say(word);
    expect(cardText(user.lastCard())).toContain(sv.menu.intro);
  });
});

describe("fortsätt", () => {
  it("resumes the last unfinished theme at the exact step after leaving it", async () => {
    const user = harness.newUser();
    await user.submit({ verb: "openTheme", themeId: "forbered-dig" });
    for (let i = 0; i < 3; i++) await user.press(sv.step.next);
    await user.say("meny");
    await user.say("fortsätt");
    expect(cardText(user.lastCard())).toContain("steg 4 av 16");
    expect(cardText(user.lastCard())).toContain(content.theme("sv", "forbered-dig")!.steps[3].title);
  });

  it("says so, and shows the menu, when nothing is in progress", async () => {
    const user = harness.newUser();
    const replies = await user.say("fortsätt");
    expect(replies).toHaveLength(2);
    expect(cardText(user.cards()[0])).toContain(sv.resume.nothingToResume);
    expect(cardText(user.lastCard())).toContain(sv.menu.intro);
  });
});

describe("reflections", () => {
  const themeId = "vad-ar-sexistiskt-hot-och-hat";
  const reflectionIndex = content.theme("sv", themeId)!.steps.findIndex((s) => s.type === "reflection");

  async function openFirstReflection(user: TestUser) {
    await user.submit({ verb: "openTheme", themeId });
    for (let i = 0; i < reflectionIndex; i++) await user.press(sv.step.next);
    expect(allActions(user.lastCard()).map((a) => a.title)).toContain(sv.reflection.save);
  }

  const countRows = async (userId: string) => harness.bot.database.prisma.reflection.count({ where: { userId } });

  it("stores nothing when the user continues without saving", async () => {
    const user = harness.newUser();
    await openFirstReflection(user);
    await user.press(sv.reflection.skip, { reflectionAnswer: "Det här ska inte sparas" });
    expect(await countRows(user.userId)).toBe(0);
    expect(cardText(user.lastCard())).toContain(`steg ${reflectionIndex + 2} av`);
  });

  it("stores a chosen answer encrypted, so the database row holds no plaintext, and reads it back", async () => {
    const user = harness.newUser();
    const answer = "Jag blev rädd när någon skrev om min kropp på Facebook";
    await openFirstReflection(user);
    await user.press(sv.reflection.save, { reflectionAnswer: answer });
    expect(cardText(user.lastCard())).toContain(sv.reflection.saved);

    const rows = await harness.bot.database.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT * FROM reflection WHERE user_id = $1`,
      user.userId,
    );
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v));
    expect(raw).not.toContain("Facebook");
    expect(raw).not.toContain("rädd");

    await user.say("mina reflektioner");
    expect(cardText(user.lastCard())).toContain("Jag blev rädd när någon skrev om min kropp på Facebook");
  });

  it("refuses an empty answer and stays on the question", async () => {
    const user = harness.newUser();
    await openFirstReflection(user);
    await user.press(sv.reflection.save, { reflectionAnswer: "   " });
    expect(cardText(user.lastCard())).toContain(sv.reflection.empty);
    expect(await countRows(user.userId)).toBe(0);
  });

  it("refuses an answer over 2 000 characters and gives the text back in the answer box", async () => {
    const user = harness.newUser();
    const longAnswer = "å".repeat(2001);
    await openFirstReflection(user);
    await user.press(sv.reflection.save, { reflectionAnswer: longAnswer });
    expect(cardText(user.lastCard())).toContain("högst 2000 tecken");
    expect(JSON.stringify(user.lastCard())).toContain(longAnswer);
    expect(await countRows(user.userId)).toBe(0);
  });

  it("shows an empty list with an explanation before anything is saved", async () => {
    const user = harness.newUser();
    await user.say("mina reflektioner");
    expect(cardText(user.lastCard())).toContain(sv.myReflections.empty);
  });
});

describe("conversation basics", () => {
  it("greets once on install, even when Teams sends both installation and member events", async () => {
    const user = harness.newUser();
    const first = await user.install();
    const second = await user.post({ type: "installationUpdate", action: "add" });
    expect(first).toHaveLength(2);
    expect(cardText(user.cards()[0])).toContain(sv.welcome.privacyTitle);
    expect(cardText(user.cards()[1])).toContain(sv.menu.intro);
    expect(second.replies).toHaveLength(0);
  });

  it("greets once when Teams sends both install events at the same moment", async () => {
    const user = harness.newUser();
    await Promise.all([
      user.post({ type: "installationUpdate", action: "add" }),
      user.post({ type: "conversationUpdate", membersAdded: [{ id: "28:bot" }] }),
    ]);
    const welcomes = user.cards().filter((card) => cardText(card).includes(sv.welcome.privacyTitle));
    expect(welcomes).toHaveLength(1);
  });

  it.each([
    ["svenska", "en-US", sv.menu.intro],
    ["english", "sv-SE", en.menu.intro],
  ])("switches language on %j, whatever the Teams locale, and keeps it", async (word, locale, expectedIntro) => {
    const user = harness.newUser({ locale });
    await user.say(word);
    expect(cardText(user.lastCard())).toContain(expectedIntro);
    await user.say("help");
    await user.say("meny");
    expect(cardText(user.lastCard())).toContain(expectedIntro);
  });

  it("speaks English to a Teams client set to English", async () => {
    const user = harness.newUser({ locale: "en-US" });
    await user.install();
    expect(cardText(user.cards()[0])).toContain(en.welcome.title);
  });

  it.each([["hjälp"], ["help"], ["Hjälp?"]])("explains the commands on %j", async (word) => {
    const user = harness.newUser();
    await user.say(word);
    expect(cardText(user.lastCard())).toContain("fortsätt:");
  });

  it.each([
    ["an unknown verb", { verb: "selfDestruct" }],
    ["a theme that does not exist", { verb: "openTheme", themeId: "finns-inte" }],
    ["a step action without its step", { verb: "moveStep", move: "next" }],
    ["a submit without a verb", { hello: "world" }],
  ])("answers %s with a friendly notice and the menu", async (_name, data) => {
    const user = harness.newUser();
    const replies = await user.submit(data);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(cardText(user.lastCard())).toContain(sv.menu.intro);
  });
});
