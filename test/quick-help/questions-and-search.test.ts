import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { useBotUnderTest } from "../support/test-bot";
import { allActions, cardText, type Card } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");

const harness = useBotUnderTest("pglite");

interface ComposeResult {
  composeExtension: {
    type: string;
    attachmentLayout: string;
    attachments: Array<{
      contentType: string;
      content: Card;
      preview: { contentType: string; content: { title: string } };
    }>;
  };
}

describe("a question in the user's own words", () => {
  it.each([
    ["någon hotar mig på facebook", "sociala-medier"],
    ["ska jag polisanmäla", "polisanmalan"],
    ["vad är sexuellt ofredande", "vilka-brott"],
    ["hur skyddar jag min adress", "skydda-adress"],
  ])("%j is answered with the right article among at most three", async (question, articleId) => {
    const user = harness.newUser();
    await user.say(question);
    const card = user.lastCard();
    expect(cardText(card)).toContain(question);
    const opened = allActions(card).filter((a) => a.data?.verb === "openArticle" || a.data?.verb === "openTheme");
    expect(opened.length).toBeGreaterThanOrEqual(1);
    expect(opened.length).toBeLessThanOrEqual(3);
    expect(opened.map((a) => a.data?.articleId)).toContain(articleId);

    await user.submit(opened.find((a) => a.data?.articleId === articleId)!.data!);
    expect(cardText(user.lastCard())).toContain(content.article("sv", articleId)!.title);
  });

  it("says honestly when nothing matches, and offers the menu and the emergency help", async () => {
    const user = harness.newUser();
    await user.say("recept på kanelbullar");
    const card = user.lastCard();
    expect(cardText(card)).toContain(sv.search.noMatchTitle);
    expect(allActions(card).map((a) => a.title)).toEqual([sv.menu.title, sv.search.emergency]);
    await user.press(sv.search.emergency);
    expect(cardText(user.lastCard())).toContain(content.emergency("sv").askTitle);
  });

  it("leads with the emergency help when the question describes a threat of harm", async () => {
    const user = harness.newUser();
    await user.say("någon hotar att skada mig");
    const card = user.lastCard();
    const lead = content.emergency("sv").searchLead;
    const text = cardText(card);
    expect(text).toContain(lead.title);
    const buttons = allActions(card).filter((a) => a.data?.verb === "runCommand" || a.data?.verb === "openArticle");
    expect(buttons[0].data).toMatchObject({ verb: "runCommand", command: "emergency" });
    expect(text.indexOf(lead.title)).toBeLessThan(text.indexOf(content.article("sv", "vilka-brott")!.title));
    await user.submit(buttons[0].data!);
    expect(cardText(user.lastCard())).toContain(content.emergency("sv").askTitle);
  });

  it("shows what the user typed as plain text, never as card markup", async () => {
    const user = harness.newUser();
    await user.say("[klicka här](https://evil.example) **fet** <at>Bot</at>");
    const asked = cardText(user.lastCard()).split("\n")[0];
    expect(asked).toContain("\\[klicka här\\](https://evil.example) \\*\\*fet\\*\\* \\<at\\>Bot\\</at\\>");
  });

  it("jumps to the exact theme step a search hit points at", async () => {
    const user = harness.newUser();
    await user.submit({ verb: "openTheme", themeId: "forovarna", stepId: "olika-syften" });
    expect(cardText(user.lastCard())).toContain("steg 6 av 14");
  });
});

describe("the compose-box search (message extension)", () => {
  it("answers a query invoke with a list of cards with previews, each under 28 KB", async () => {
    const user = harness.newUser();
    const { status, body } = await user.invoke("composeExtension/query", {
      commandId: "searchHelp",
      parameters: [{ name: "query", value: "spara bevis skärmbild" }],
    });
    expect(status).toBe(200);
    const result = (body as ComposeResult).composeExtension;
    expect(result.type).toBe("result");
    expect(result.attachmentLayout).toBe("list");
    expect(result.attachments.length).toBeGreaterThan(0);
    expect(result.attachments[0].preview.content.title).toBe(content.article("sv", "spara-bevis")!.title);
    for (const attachment of result.attachments)
      expect(Buffer.byteLength(JSON.stringify(attachment.content))).toBeLessThan(28 * 1024);
  });

  it("lists the most-used articles for an empty query", async () => {
    const user = harness.newUser();
    const { status, body } = await user.invoke("composeExtension/query", {
      commandId: "searchHelp",
      parameters: [{ name: "query", value: "" }],
    });
    expect(status).toBe(200);
    expect((body as ComposeResult).composeExtension.attachments.length).toBeGreaterThanOrEqual(5);
  });

  it("answers a workspace without a licence with a valid result carrying the no-licence card", async () => {
    const user = harness.newUser({ tenantId: "tenant-without-licence" });
    const { status, body } = await user.invoke("composeExtension/query", {
      commandId: "searchHelp",
      parameters: [{ name: "query", value: "polis" }],
    });
    expect(status).toBe(200);
    expect(cardText((body as ComposeResult).composeExtension.attachments[0].content)).toContain(
      sv.access.noLicenceTitle,
    );
  });
});
