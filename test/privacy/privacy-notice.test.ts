import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultContentDir, loadContent } from "../../src/domain/content/content-catalog";
import { loadPrivacyNotices } from "../../src/domain/privacy/privacy-notice";
import { useBotUnderTest } from "../support/test-bot";
import { allActions, cardText } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const en = content.ui("en");

const harness = useBotUnderTest("pglite");

describe("the privacy notice", () => {
  it("covers who is responsible, what is stored, for how long, rights and contact, in Swedish and English", () => {
    const notices = loadPrivacyNotices();
    const sections = (language: "sv" | "en") => notices[language].sections.map((s) => s.heading).join(" | ");
    expect(sections("sv")).toMatch(/ansvarar.*sparas.*länge.*rättigheter.*Kontakt/s);
    expect(sections("en")).toMatch(/responsible.*stored.*long.*rights.*Contact/s);
    expect(notices.sv.markdown).toContain("dataskyddsombud");
    expect(notices.en.markdown).toContain("data protection officer");
  });

  it("is shown by `integritet`, `privacy` and the welcome card's button, without a licence", async () => {
    const user = harness.newUser({ tenantId: "unlicensed-tenant" });
    await user.say("integritet");
    expect(cardText(user.lastCard())).toContain("Vem som ansvarar");
    user.locale = "en-GB";
    await user.say("privacy");
    expect(cardText(user.lastCard())).toContain("Who is responsible");

    const newcomer = harness.newUser();
    await newcomer.install();
    const welcome = newcomer.cards()[0];
    expect(allActions(welcome).map((a) => a.title)).toContain(sv.privacy.myData.notice);
    await newcomer.press(sv.privacy.myData.notice);
    expect(cardText(newcomer.lastCard())).toContain("Vem som ansvarar");
  });

  it("is in the help, in both languages", () => {
    expect(sv.help.commands.map((c) => c.command)).toEqual(expect.arrayContaining(["mina data", "integritet"]));
    expect(en.help.commands.map((c) => c.command)).toEqual(expect.arrayContaining(["my data", "privacy"]));
  });

  it("stops the start when a language's notice lacks its sections", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "notice-"));
    for (const language of ["sv", "en"]) {
      mkdirSync(path.join(dir, language));
      writeFileSync(
        path.join(dir, language, "integritet.md"),
        language === "sv"
          ? readFileSync(path.join(defaultContentDir, "sv", "integritet.md"))
          : "# Privacy\n\n## Only one\n\ntext\n",
      );
    }
    expect(() => loadPrivacyNotices(dir)).toThrow(/en\/integritet.md: needs at least 6 sections/);
  });
});
