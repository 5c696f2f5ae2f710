import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainText } from "../../src/cards/plain-text";
import { accessCard } from "../../src/cards/access-card";
import { emergencyChecklistCard } from "../../src/cards/emergency-cards";
import { incidentChoicesCards, officerIncidentCards } from "../../src/cards/incident-summary-card";
import { searchResultsCard } from "../../src/cards/search-results-card";
import { loadContent } from "../../src/domain/content/content-catalog";
import { incidentQuestionKeys } from "../../src/domain/incidents/incident-record";
import { incidentSummary } from "../../src/domain/incidents/incident-summary";
import { useBotUnderTest } from "../support/test-bot";
import { cardText, type Card } from "../support/test-user";

const content = loadContent();
const ui = content.ui("sv");

/** Characters plainText drops: controls (not tab/newline/CR), bidi embeddings, overrides and isolates. */
const dropped = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What a CommonMark renderer shows for escaped text: `\x` is `x` for ASCII punctuation; the word joiner is invisible. */
function shown(escaped: string): string {
  return escaped.replace(/\\([!-/:-@[-`{-~])/g, "$1").replace(/\u2060/g, "");
}

/** True when the text has a Markdown or card construct that is not escaped. */
function hasLiveMarkup(escaped: string): boolean {
  const unescaped = escaped.replace(/\\[!-/:-@[-`{-~]/g, "x");
  return (
    /[*_`~[\]<>]/.test(unescaped) ||
    /\{\{/.test(unescaped) ||
    /^\s*([-+#]|\d+[.)])\s/m.test(unescaped) ||
    dropped.test(unescaped) ||
    loneSurrogate.test(unescaped)
  );
}

const hostile: Array<[string, string]> = [
  ["a Markdown link", "[Klicka här](https://evil.example/phish) för att logga in"],
  ["an image link", "![x](https://evil.example/pixel.png)"],
  ["an autolink in angle brackets", "<https://evil.example>"],
  ["a Teams mention tag", "<at>Säkerhetsansvarig</at> ring mig"],
  ["HTML", '<script>alert(1)</script><img src=x onerror="alert(1)">'],
  ["emphasis and code", "**fet** _kursiv_ `kod` ~~struken~~"],
  ["list and heading markers", "- punkt\n+ punkt\n# Rubrik\n1. ett\n2) två"],
  ["card date functions", "{{DATE(2017-02-14T06:08:39Z, SHORT)}} {{TIME(2017-02-14T06:08:39Z)}}"],
  ["control characters", "a\u0000b\u0007c\u001Bd\u007Fe\u0085f"],
  ["right-to-left override", "hot mot \u202Egnidnes\u202C mig \u2067isolerad\u2069"],
  ["right-to-left marks and Arabic", "\u200Fمرحبا\u200E och hej"],
  ["emoji and ZWJ sequences", "😡 👩‍👩‍👧 🏳️‍🌈 ✊🏽"],
  ["10 000 characters", "[a](b)*".repeat(1_429).slice(0, 10_000)],
  ["a template placeholder", "{question} {theme} ${secret}"],
  ["backslashes", "C:\\Users\\\\x \\*inte fet\\*"],
];

describe("plainText: user text is shown as typed, never as markup", () => {
  it.each(hostile)("escapes %s", (_name, input) => {
    const escaped = plainText(input);
    expect(hasLiveMarkup(escaped)).toBe(false);
    expect(shown(escaped)).toBe(input.replace(dropped, ""));
  });

  it("holds for any string (property)", () => {
    const anyText = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 300 }),
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.string({
        unit: fc.constantFrom(..."*_`~[]()<>\\{}#-+.!1 \n\t\r\u202E\u2066\u200F\u0000\u0085😡".split("")),
        maxLength: 100,
      }),
    );
    fc.assert(
      fc.property(anyText, (input) => {
        const escaped = plainText(input);
        expect(hasLiveMarkup(escaped)).toBe(false);
        expect(shown(escaped)).toBe(input.replace(dropped, "").replace(loneSurrogate, ""));
      }),
      { numRuns: 2_000 },
    );
  });

  it("drops half an emoji left where a long question is cut", () => {
    const question = `${"a".repeat(199)}😡`; // the emoji straddles the 200th character
    const card = searchResultsCard(ui, "sv", question, [], () => undefined) as unknown as Card;
    expect(cardText(card)).not.toMatch(loneSurrogate);
  });
});

describe("cards that echo user text", () => {
  it.each(hostile)("the incident summary and the officer's copy show %s escaped", (_name, input) => {
    const record = {
      answers: Object.fromEntries(incidentQuestionKeys.map((key) => [key, input])),
      createdAt: "2026-11-25T12:00:00.000Z",
    };
    const summary = incidentSummary(ui, "sv", record);
    const cards = [
      ...incidentChoicesCards({ ui, summary, retentionDays: 30, saved: false }),
      ...officerIncidentCards(ui, { senderName: input, sentAt: "25 november 2026", summary }),
    ] as unknown as Card[];
    const text = cards.map(cardText).join("\n");
    expect(text).toContain(plainText(input));
    if (input !== plainText(input)) expect(text).not.toContain(input);
  });
});

describe("the search answer's “you asked…” over HTTP", () => {
  const harness = useBotUnderTest("pglite");

  it.each(hostile)("shows %s escaped, and the bot keeps answering", async (_name, input) => {
    const user = harness.newUser();
    const replies = await user.say(input);
    expect(replies.length).toBeGreaterThan(0);
    const text = cardText(user.lastCard());
    const asked = text.split("\n").find((line) => line.startsWith("Du frågade:")) ?? "";
    if (asked) {
      expect(hasLiveMarkup(asked.replace(/^Du frågade: ”|”$/g, ""))).toBe(false);
      expect(asked.length).toBeLessThan(600);
    }
    if (/<at>|\]\(|\{\{DATE|\u202E/.test(input)) expect(text).not.toMatch(/<at>|[^\\]\]\(|\{\{DATE|\u202E/);
    expect(await user.say("meny")).not.toHaveLength(0);
  });
});

describe("a security officer's contact details on the cards officials see", () => {
  const contact = {
    id: "org-1",
    name: "**Viktigt** [Ring oss](https://evil.example/a)",
    contactPhone: "[08-123 45 67](https://evil.example/b)",
    contactEmail: "sakerhet@kommun.se",
    routineUrl: "https://kommun.se/rutin)[Logga in](https://evil.example/c",
  };
  /** Every text the card renders as Markdown, with escaped characters taken out. */
  const markdownOf = (card: unknown) =>
    JSON.stringify(card)
      .replace(/\\\\./g, "")
      .replace(/\u2060/g, "");

  it.each([
    ["the akut checklist", emergencyChecklistCard(content.emergency("sv"), "sv", contact)],
    ["the access card of a licensed workspace", accessCard(ui, { kind: "notGranted", organisations: [contact] })],
  ])("%s shows them as typed: no link, emphasis or target of their own", (_name, card) => {
    const markdown = markdownOf(card);
    expect(markdown).not.toMatch(/\]\(https:\/\/evil/);
    expect(markdown).not.toContain("**Viktigt**");
    expect(markdown).toContain("tel:081234567");
  });
});
