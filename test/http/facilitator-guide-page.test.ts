import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { defaultContentDir, defaultPublicDir, loadContent } from "../../src/domain/content/content-catalog";
import type { ReflectionStep } from "../../src/domain/content/content-schema";
import { facilitatorGuideUrl } from "../../src/domain/content/facilitator-guide-url";
import { languages } from "../../src/domain/content/language";
import { facilitatorGuidePage } from "../../src/http/facilitator-guide-page";
import { escapeHtml } from "../../src/http/html-text";
import { useBotUnderTest } from "../support/test-bot";

const content = loadContent();

/** Every theme and path in every language: each has a guide the group card can link to. */
const guides = languages.flatMap((language) =>
  [...content.themes(language), ...content.paths(language)].map((theme) => ({ language, theme })),
);

/** What a reader sees: the page without its tags, entities decoded, white space collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#(\d+);/g, (_whole, code: string) => String.fromCharCode(Number(code)))
    .replace(/\s+/g, " ");
}
const words = (text: string) =>
  text
    .replace(/\*\*|`/g, "")
    .replace(/\s+/g, " ")
    .trim();

describe("the facilitator guide page, GET /guide/:lang/:themeId", () => {
  const harness = useBotUnderTest("pglite");

  it.each(guides.map((guide) => [`${guide.language} ${guide.theme.id}`, guide] as const))(
    "%s: serves a printable page with the theme's own questions and the crisis card's numbers",
    async (_name, { language, theme }) => {
      const response = await fetch(facilitatorGuideUrl(harness.url, language, theme.id));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain(`<html lang="${language}">`);
      expect(html).toContain(`<h1>${escapeHtml(theme.title)}</h1>`);
      expect(html).toContain("@media print");
      const text = visibleText(html);

      const questions = theme.steps.filter((step): step is ReflectionStep => step.type === "reflection");
      expect(questions.length).toBeGreaterThanOrEqual(2);
      for (const step of questions) {
        expect(text).toContain(words(step.question));
        if (step.alternativeQuestion) expect(text).toContain(words(step.alternativeQuestion));
        if (step.contentNote) expect(text).toContain(words(step.contentNote));
      }
      const crisis = content.crisis(language);
      for (const call of crisis.calls.filter((c) => c.url.startsWith("tel:"))) {
        expect(html).toContain(`href="${call.url}"`);
      }

      const guideText = content.facilitatorGuideText(language);
      for (const heading of [
        guideText.groundRules.heading,
        guideText.groupSession.heading,
        guideText.runningOrder.heading,
        guideText.affected.heading,
        guideText.followUp.heading,
        guideText.sourcesHeading,
      ]) {
        expect(html).toContain(`">${escapeHtml(heading)}</h2>`);
      }
      for (const rule of guideText.groundRules.rules) expect(text).toContain(rule.title);
      for (const source of theme.sources) expect(text).toContain(words(source));
      // Every part of the running order with its minutes, adding up to the length the header states.
      const guide = content.facilitatorGuide(language, theme.id)!;
      const total = guide.runningOrder.reduce((sum, part) => sum + part.minutes, 0);
      expect(text).toContain(guideText.length.replace("{minutes}", String(total)));
      for (const part of guide.runningOrder) expect(text).toContain(`${part.title} (${part.minutes} min)`);
    },
  );

  it("needs no script and allows none: a strict Content-Security-Policy with the one inline style", async () => {
    const response = await fetch(`${harness.url}/guide/sv/${content.themes("sv")[0].id}`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[^']+'/);
    expect(csp).not.toContain("script-src");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).not.toMatch(/<script/i);
  });

  it("tells how the group session works: the facilitator moves the card, answers are anonymous, shown at three, deleted", async () => {
    const sv = visibleText(await (await fetch(`${harness.url}/guide/sv/forovarna`)).text());
    expect(sv).toContain("@Stå kvar starta tema 2");
    expect(sv).toMatch(/Bara du som samtalsledare kan flytta det framåt/);
    expect(sv).toMatch(/Svaren visas först när minst tre har svarat/);
    expect(sv).toMatch(/raderas när du avslutar samtalet, och senast efter 24 timmar/);
    expect(sv).toMatch(/Skriv akut i chatten med boten/);
    const en = visibleText(await (await fetch(`${harness.url}/guide/en/forovarna`)).text());
    expect(en).toMatch(/Answers are shown only once at least three have answered/);
    expect(en).toMatch(/after 24 hours at the latest/);
  });

  it("links the same guide in the other language", async () => {
    const html = await (await fetch(`${harness.url}/guide/sv/forbered-dig`)).text();
    expect(html).toContain('<a href="/guide/en/forbered-dig" hreflang="en" lang="en">English</a>');
  });

  it("answers an unknown theme with a 404 page in that language that lists the guides there are", async () => {
    const response = await fetch(`${harness.url}/guide/en/no-such-theme`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(content.facilitatorGuideText("en").notFound.title);
    for (const theme of [...content.themes("en"), ...content.paths("en")]) {
      expect(html).toContain(`<a href="/guide/en/${theme.id}">${theme.title}</a>`);
    }
  });

  it("answers an unknown language with a 404 page in every language", async () => {
    const response = await fetch(`${harness.url}/guide/de/forovarna`);
    expect(response.status).toBe(404);
    const html = await response.text();
    for (const language of languages) {
      expect(html).toContain(`<section lang="${language}"`);
      expect(html).toContain(content.facilitatorGuideText(language).notFound.title);
    }
  });

  it("does not echo what is in the address: markup in a theme id comes back as a plain 404", async () => {
    const response = await fetch(`${harness.url}/guide/sv/${encodeURIComponent('<script>alert("x")</script>')}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).not.toMatch(/<script|alert/);
  });
});

describe("the facilitator guide page escapes its content", () => {
  const workDir = mkdtempSync(path.join(os.tmpdir(), "tsf-guide-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("shows markup in a guide, in a theme's question and in the crisis card as text, never as HTML", () => {
    const contentDir = path.join(workDir, "content");
    cpSync(defaultContentDir, contentDir, { recursive: true });
    const edit = (file: string, change: (raw: Record<string, unknown>) => void) => {
      const target = path.join(contentDir, file);
      const raw = YAML.parse(readFileSync(target, "utf8")) as Record<string, unknown>;
      change(raw);
      writeFileSync(target, YAML.stringify(raw));
    };
    const attack = `<img src=x onerror="alert(1)"> & "quoted"`;
    edit("sv/facilitator-guides/forovarna.yaml", (guide) => {
      guide.purpose = attack;
      (guide.runningOrder as Array<Record<string, unknown>>)[0].title = attack;
    });
    edit("sv/tema-3-forovarna.yaml", (theme) => {
      const steps = theme.steps as Array<Record<string, unknown>>;
      steps.find((step) => step.type === "reflection")!.question = attack;
    });
    edit("sv/kris.yaml", (crisis) => {
      (crisis.lines as string[]).push(`[${attack}](javascript:alert(1))`);
    });
    const page = facilitatorGuidePage(loadContent(contentDir, defaultPublicDir), "sv", "forovarna");
    expect(page.status).toBe(200);
    expect(page.html).not.toContain("<img");
    expect(page.html).not.toContain('href="javascript:');
    expect(page.html).toContain("&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; &#34;quoted&#34;");
  });
});
