/**
 * End-to-end: the bot in the Agents Playground's group chat (the config's `groupChat`, "Förtroendevalda",
 * with the current user and five colleagues). The current user @mentions the bot from the composer's
 * mention menu; a colleague @mentions it too (through the Playground's custom activities, since its UI
 * is always the current user); both get the group's help in the group chat. How the Playground does group chats:
 * test/e2e/support/group-chats.md. Screenshots: test-artifacts/e2e/group-chat-<nn>-<what>.png.
 *
 * Run: npx vitest run test/e2e/group-chat.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeRegExp, loadUi } from "./support/content-texts";
import { E2E_SKIP_REASON, TURN_MS, startE2ESession, type E2ESession } from "./support/e2e-session";
import { cardText } from "../support/test-user";
import { groupChat } from "./support/group-chat";

interface UiYaml {
  group: { welcomeTitle: string; help: { title: string } };
}

/** A text in either language: the Playground sends en-US, a colleague's message sv-SE. */
const inEither = (text: (ui: UiYaml) => string) =>
  new RegExp((["sv", "en"] as const).map((lang) => escapeRegExp(text(loadUi<UiYaml>(lang)))).join("|"));
/** The group's help (what works in a group), not the personal chat's. */
const helpTitle = inEither((ui) => ui.group.help.title);

describe.skipIf(E2E_SKIP_REASON !== undefined)("the bot in the Agents Playground's group chat (real bot)", () => {
  let session: E2ESession | undefined;

  beforeAll(async () => {
    session = await startE2ESession({ name: "group-chat" });
  }, 180_000);

  afterAll(() => session?.stop(), 60_000);

  it("welcomes the group and answers an @mention with the group's help, in the group chat", async () => {
    const { page, screenshot, step } = session!;
    const group = groupChat(session!);
    await step("open the group chat", () => group.open());
    // Installed in the group chat on page load: the group's welcome, not the personal one.
    await step("group welcome", () =>
      page.waitForBotMessageContaining(
        inEither((ui) => ui.group.welcomeTitle),
        TURN_MS,
        { onlyNew: false },
      ),
    );
    await step("@bot hjälp", () => group.mentionBot("hjälp"));
    const answer = await step("help card", () => page.waitForBotMessageContaining(helpTitle, TURN_MS));
    expect(answer).toMatch(helpTitle);
    await screenshot("help-in-group");
    // The answer went to the group chat's conversation, not to the current user's personal chat.
    expect(group.botMessages().some((message) => message.cards.some((card) => helpTitle.test(cardText(card))))).toBe(
      true,
    );
    expect(
      page.botMessages(session!.config.personalChat.id).some((m) => m.cards.some((c) => helpTitle.test(cardText(c)))),
    ).toBe(false);
  }, 180_000);

  it("answers another member's @mention in the same group chat", async () => {
    const { page, screenshot, step } = session!;
    const group = groupChat(session!);
    const before = group.botMessages().length;
    await step("a colleague: @bot hjälp", () => group.member(0).mentionBot("hjälp"));
    // Her message does not show in the page (only the composer's own do), so wait for the bot's answer.
    await step("a second answer in the group chat", async () => {
      const deadline = Date.now() + TURN_MS;
      while (group.botMessages().length === before) {
        if (Date.now() > deadline) throw new Error("no answer in the group chat");
        await page.page.waitForTimeout(200);
      }
    });
    expect(cardText(group.botMessages().at(-1)!.cards[0])).toMatch(helpTitle);
    expect(await page.page.locator(".fai-OutputCard").filter({ hasText: helpTitle }).count()).toBe(2);
    await screenshot("help-for-a-colleague");
  }, 180_000);
});
