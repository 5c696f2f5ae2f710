import { describe, expect, it } from "vitest";
import { renderPdf, type PdfDocumentInput } from "../../src/platform/documents/pdf-document";
import { fontRuns } from "../../src/platform/documents/pdf-fonts";
import { flat, readPdf } from "../support/pdf-text";

const base: PdfDocumentInput = {
  title: "Sammanfattning – ”händelsen” på mötet",
  subtitle: "Dokumenterad 25 november 2026 kl. 17:27",
  language: "sv",
  author: "Stå kvar",
  createdAt: new Date("2026-11-25T16:27:00Z"),
  pageLabel: (page, pages) => `Sida ${page} av ${pages}`,
  blocks: [],
};

describe("the PDF layout", () => {
  it("opens as a PDF with title, timestamp, headings, paragraphs and lists, Swedish letters, dashes, quotes and emoji intact", async () => {
    const bytes = renderPdf({
      ...base,
      blocks: [
        { kind: "heading", text: "Vad som hände" },
        { kind: "label", text: "Var" },
        { kind: "paragraph", text: "Åsa, Örjan och Ängla såg det – “det var hemskt” 😢 👍" },
        { kind: "list", items: ["Skärmbilder från Facebook", "Röstmeddelande ❤️"] },
      ],
    });
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pdf = await readPdf(bytes);
    expect(pdf.pages).toBe(1);
    const text = flat(pdf.text);
    for (const expected of [
      "Sammanfattning – ”händelsen” på mötet",
      "Dokumenterad 25 november 2026 kl. 17:27",
      "Vad som hände",
      "Åsa, Örjan och Ängla såg det – “det var hemskt” 😢 👍",
      "• Skärmbilder från Facebook",
      "Röstmeddelande ❤",
      "Sida 1 av 1",
    ])
      expect(text).toContain(expected);
    expect(pdf.info).toMatchObject({ Title: base.title, Author: "Stå kvar", Language: "sv" });
  });

  it("breaks long text over pages, never loses a word, and numbers every page", async () => {
    const words = Array.from({ length: 1500 }, (_, i) => `ord${i}`);
    const pdf = await readPdf(renderPdf({ ...base, blocks: [{ kind: "paragraph", text: words.join(" ") }] }));
    expect(pdf.pages).toBeGreaterThan(2);
    pdf.pageTexts.forEach((page, index) => expect(flat(page)).toContain(`Sida ${index + 1} av ${pdf.pages}`));
    const all = flat(pdf.pageTexts.map((page) => page.replace(/Sida \d+ av \d+/, "")).join(" "));
    expect(all.match(/ord\d+/g)).toEqual(words);
  });

  it("keeps a user's line breaks and drops control characters instead of failing on them", async () => {
    const pdf = await readPdf(
      renderPdf({ ...base, blocks: [{ kind: "paragraph", text: "rad ett\r\nrad två\u0007\tslut\uD800" }] }),
    );
    expect(pdf.text).toMatch(/rad ett\s*\n\s*rad två/);
    expect(flat(pdf.text)).toContain("slut");
  });

  it("sends emoji to the emoji font and everything else to the text font, one whole character at a time", () => {
    expect(fontRuns("Hej 👋🏽 då – 👨‍👩‍👧")).toEqual([
      { role: "text", text: "Hej " },
      { role: "emoji", text: "👋🏽" },
      { role: "text", text: " då – " },
      { role: "emoji", text: "👨‍👩‍👧" },
    ]);
    // A text-style symbol the text font has stays there, and its emoji selector is not printed as a box.
    expect(fontRuns("✓ klart")).toEqual([{ role: "text", text: "✓ klart" }]);
  });
});
