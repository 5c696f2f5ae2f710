/**
 * End-to-end: a group session in the Agents Playground's group chat ("Förtroendevalda": the current
 * user Anna and five colleagues), with the real bot (npx tsx src/index.ts).
 *
 * Anna writes `@Stå kvar starta tema 2` and so leads the session. The group shares one card, which the
 * bot updates in place as she moves on: the chat gets no new message per step. At the first reflection
 * question two colleagues answer (they act through the Playground's invoke API, since its UI is always
 * Anna), Anna's "Visa svaren" is refused below three answers, she answers herself in the card, and then
 * the answers are shown on the shared card with no names. A colleague who sends the facilitator's "Nästa"
 * moves nothing. "Avsluta" turns the card into the ended note.
 *
 * The Playground does not do Teams' user-specific views (`refresh.userIds`); the e2e page does that
 * part, so Anna sees the facilitator's controls the way her Teams client would fetch them
 * (test/e2e/support/group-chats.md). Texts come from content/sv/ui.yaml and tema-2. Screenshots:
 * test-artifacts/e2e/group-session-<nn>-<what>.png (copies of the main ones in docs/screenshots/).
 *
 * Run: npx vitest run test/e2e/group-session.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fill, loadTheme, loadUi } from "./support/content-texts";
import { E2E_SKIP_REASON, TURN_MS, startE2ESession, type E2ESession } from "./support/e2e-session";
import { cardText } from "../support/test-user";
import { groupChat, type GroupChat } from "./support/group-chat";

interface UiYaml {
  group: {
    help: { title: string };
    position: string;
    answerLabel: string;
    sendAnswer: string;
    answerCount: string;
    answerSaved: string;
    next: string;
    reveal: string;
    end: string;
    revealTooFew: string;
    revealedTitle: string;
    onlyFacilitator: string;
    ended: string;
  };
}

interface ThemeYaml {
  order: number;
  title: string;
  steps: { id: string; type: string; title: string }[];
}

const ui = loadUi<UiYaml>("sv").group;
const theme = loadTheme<ThemeYaml>("sv", 2);
const reflectionIndex = theme.steps.findIndex((step) => step.type === "reflection");
const positionOf = (index: number) =>
  fill(ui.position, { theme: theme.order, step: index + 1, count: theme.steps.length });
const answerCount = (count: number) => fill(ui.answerCount, { count });

/** Three answers, as three people might write them; shown in alphabetical order without names. */
const answers = {
  erik: "Att någon i gruppen säger ifrån direkt när det händer.",
  maria: "Att vi har en plan för vem som gör vad.",
  anna: "Bättre stöd från partiet när det blir hot.",
};

describe.skipIf(E2E_SKIP_REASON !== undefined)("a group session in the Agents Playground's group chat", () => {
  let session: E2ESession | undefined;
  let group: GroupChat;

  beforeAll(async () => {
    session = await startE2ESession({ name: "group-session" });
    group = groupChat(session);
  }, 180_000);

  afterAll(() => session?.stop(), 60_000);

  it("the facilitator walks theme 2 on one shared card, three answers are shown without names, and it ends", async () => {
    const { page, screenshot, step } = session!;
    const [erik, maria, lars] = [group.member(0), group.member(1), group.member(2)];
    const started = Date.now();

    // The shared card: the one bot message of the group chat that names the session's position.
    const sharedCard = () => page.page.locator(".fai-OutputCard").filter({ hasText: ui.position.split("{")[0] });
    const waitForShared = (text: string | RegExp) =>
      page.waitForBotMessageContaining(text, TURN_MS, { onlyNew: false });

    await step("open the group chat", async () => {
      await group.open();
      // The log panel takes a third of the window; the screenshots are about the chat.
      await page.page.getByRole("button", { name: "Hide log panel", exact: true }).click();
    });
    // The Playground sends en-US; `svenska` is the bot's language command, and it works in a group too.
    await step("svenska", async () => {
      await group.mentionBot("svenska");
      await page.waitForBotMessageContaining(ui.help.title, TURN_MS);
    });

    // 1. Start: one shared card at step 1, with the facilitator's controls for Anna.
    await step("@bot starta tema 2", async () => {
      await group.mentionBot(`starta tema ${theme.order}`);
      await page.waitForBotMessageContaining(positionOf(0), TURN_MS);
    });
    const messagesOnceStarted = group.botMessages().length;
    const shared = group.botMessages().at(-1)!;
    expect(cardText(shared.cards[0])).toContain(theme.steps[0].title);
    expect(await sharedCard().count()).toBe(1);
    await expect(sharedCard().getByRole("button", { name: ui.next, exact: true }).count()).resolves.toBe(1);
    await screenshot("started");

    // 2. Nästa up to the first reflection question: the same message each time, updated in place.
    for (let index = 1; index <= reflectionIndex; index++) {
      await step(`Nästa to step ${index + 1}`, async () => {
        await page.clickCardButton(ui.next);
        await waitForShared(positionOf(index));
      });
      if (index === 1) await screenshot("step-2");
    }
    expect(group.botMessages().length, "no new message per step").toBe(messagesOnceStarted);
    expect(await sharedCard().count()).toBe(1);
    expect(cardText(group.botMessages().at(-1)!.cards[0])).toContain(theme.steps[reflectionIndex].title);
    await step("reflection with no answers", () => waitForShared(answerCount(0)));
    await screenshot("reflection");

    // 3. Two colleagues answer on the shared card; the count rises for everyone.
    const erikSees = await step("Erik answers", () =>
      erik.pressOnNewestCard(ui.sendAnswer, { groupAnswer: answers.erik }),
    );
    expect(cardText(erikSees)).toContain(ui.answerSaved);
    expect(cardText(erikSees), "a participant gets no controls").not.toContain(ui.next);
    await step("count 1", () => waitForShared(answerCount(1)));
    await step("Maria answers", () => maria.pressOnNewestCard(ui.sendAnswer, { groupAnswer: answers.maria }));
    await step("count 2", () => waitForShared(answerCount(2)));

    // 4. Below three answers the facilitator's "Visa svaren" shows nothing.
    await step("Visa svaren with two answers", async () => {
      await page.clickCardButton(ui.reveal);
      await waitForShared(fill(ui.revealTooFew, { min: 3, count: 2 }));
    });
    expect(await sharedCard().innerText()).not.toContain(answers.erik);
    await screenshot("reveal-refused");

    // 5. A colleague sending the facilitator's "Nästa" (a forged press: her card has no such button) moves nothing.
    const larsSees = await step("Lars presses Nästa", () =>
      lars.pressOnNewestCard(ui.next, {}, { asShownToCurrentUser: true }),
    );
    expect(cardText(larsSees)).toContain(ui.onlyFacilitator);
    expect(cardText(larsSees)).toContain(positionOf(reflectionIndex));

    // 6. Anna answers in the card herself: the third answer; now the answers show, without names.
    await step("Anna answers", async () => {
      await page.fillCardInput(ui.answerLabel, answers.anna);
      await page.clickCardButton(ui.sendAnswer);
      await waitForShared(answerCount(3));
    });
    await step("Visa svaren with three answers", async () => {
      await page.clickCardButton(ui.reveal);
      await waitForShared(ui.revealedTitle);
    });
    const revealed = await sharedCard().innerText();
    for (const answer of Object.values(answers)) expect(revealed).toContain(answer);
    expect(revealed.indexOf(answers.erik)).toBeLessThan(revealed.indexOf(answers.anna)); // "Att …" before "Bättre …"
    const everyone = [session!.config.currentUser, ...session!.config.users];
    for (const user of everyone) expect(revealed).not.toContain(user.name.split(" ")[0]);
    // What the colleagues see (the message as the bot updated it for everyone) shows the answers too.
    const forEveryone = cardText(group.botMessages().at(-1)!.cards[0]);
    expect(forEveryone).toContain(ui.revealedTitle);
    expect(forEveryone).toContain(answers.maria);
    // The card is taller than the window: show the count, the answers and the controls.
    await sharedCard()
      .getByText(ui.revealedTitle, { exact: true })
      .evaluate((el) => el.scrollIntoView({ block: "center" }));
    await screenshot("answers-shown", { scrollTo: "none" });

    // 7. Nästa leaves the answers behind; Avsluta ends the session on the same card.
    await step("Nästa after the reflection", async () => {
      await page.clickCardButton(ui.next);
      await waitForShared(positionOf(reflectionIndex + 1));
    });
    expect(await sharedCard().innerText()).not.toContain(answers.maria);
    await step("Avsluta", async () => {
      await page.clickCardButton(ui.end);
      await waitForShared(fill(ui.ended, { theme: theme.title }));
    });
    expect(group.botMessages().length, "the ended note replaces the shared card").toBe(messagesOnceStarted);
    expect(cardText(group.botMessages().at(-1)!.cards[0])).not.toContain(answers.anna);
    await screenshot("ended");
    console.info(`[e2e] group session took ${Math.round((Date.now() - started) / 1000)} s`);
  }, 600_000);
});
