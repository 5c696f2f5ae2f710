import { createHash } from "node:crypto";
import type { ContentCatalog } from "../domain/content/content-catalog";
import type { ReflectionStep, Theme } from "../domain/content/content-schema";
import type { CrisisText } from "../domain/content/crisis-schema";
import {
  guideTotalMinutes,
  type FacilitatorGuideText,
  type ThemeGuide,
} from "../domain/content/facilitator-guide-schema";
import { facilitatorGuideUrl } from "../domain/content/facilitator-guide-url";
import { isLanguage, languages, type Language } from "../domain/content/language";
import { fill, type UiText } from "../domain/content/ui-text-schema";
import { escapeHtml, inlineMarkdownToHtml, markdownToHtml } from "./html-text";

/**
 * The facilitator guide of a theme as a printable page: the group card links to it, the facilitator
 * reads it on a phone or prints it before the meeting. Plain HTML and one inline style, no script.
 *
 * Open like the film player page: a browser that follows the link has no Teams identity to check a
 * licence against, so the licence gate sits where the link is handed out (the group card), not here.
 */
export interface HtmlPage {
  status: 200 | 404;
  html: string;
  contentSecurityPolicy: string;
}

const style = `body{font-family:system-ui,sans-serif;font-size:1.0625rem;line-height:1.55;color:#1b1b1b;background:#fff;margin:0}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1,h2,h3,h4{color:#1F3A5F;line-height:1.25}h1{font-size:1.6rem;margin:.25rem 0 .5rem}
h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #1F3A5F;padding-bottom:.2rem}
h3{font-size:1.1rem;margin:1.25rem 0 .25rem}h4{font-size:1rem;margin:.5rem 0 .25rem}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.05em;font-size:.9rem;color:#4a4a4a}
.length{font-weight:600}
.question{border-left:4px solid #1F3A5F;background:#F2F5F9;padding:.25rem 1rem;margin:.75rem 0}
.question .asked{font-weight:600}
code{font-family:ui-monospace,monospace;font-size:.95em;background:#F2F5F9;padding:0 .2em;border-radius:.2em}
ol,ul{padding-left:1.4rem}
a{color:#1F3A5F}:focus-visible{outline:3px solid #B3261E;outline-offset:2px}
@page{margin:18mm}
@media print{body{font-size:11pt;line-height:1.4}main{max-width:none;padding:0}
nav,.screen-only{display:none}h2,h3,h4{break-after:avoid}.question,li{break-inside:avoid}
.question{background:none;border-left-width:2pt}a{color:inherit;text-decoration:none}
a[href^="https:"]::after{content:" (" attr(href) ")";font-size:.9em}}`;

export const facilitatorGuideContentSecurityPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(style).digest("base64")}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** GET /guide/:language/:themeId: the guide, or a page that says there is none and lists those there are. */
export function facilitatorGuidePage(content: ContentCatalog, language: string, themeId: string): HtmlPage {
  if (!isLanguage(language)) return notFoundPage(content, languages);
  const theme = content.theme(language, themeId);
  const guide = content.facilitatorGuide(language, themeId);
  if (!theme || !guide) return notFoundPage(content, [language]);
  const page = guideHtml({
    language,
    theme,
    guide,
    text: content.facilitatorGuideText(language),
    ui: content.ui(language),
    crisis: content.crisis(language),
    otherLanguages: languages
      .filter((other) => other !== language && content.facilitatorGuide(other, themeId))
      .map((other) => ({ language: other, name: content.ui(other).film.languageName })),
  });
  return { status: 200, html: page, contentSecurityPolicy: facilitatorGuideContentSecurityPolicy };
}

interface GuideInput {
  language: Language;
  theme: Theme;
  guide: ThemeGuide;
  text: FacilitatorGuideText;
  ui: UiText;
  crisis: CrisisText;
  otherLanguages: Array<{ language: Language; name: string }>;
}

function guideHtml(input: GuideInput): string {
  const { language, theme, guide, text } = input;
  const sections: Array<{ id: string; heading: string; body: string }> = [
    { id: "om-guiden", heading: text.about.heading, body: markdownToHtml(`${text.about.body}\n\n${guide.purpose}`) },
    { id: "forberedelser", heading: text.preparationHeading, body: markdownToHtml(guide.preparation) },
    { id: "grundregler", heading: text.groundRules.heading, body: groundRulesHtml(text) },
    { id: "gruppsamtalet", heading: text.groupSession.heading, body: markdownToHtml(text.groupSession.body) },
    { id: "korschema", heading: text.runningOrder.heading, body: runningOrderHtml(input) },
    { id: "om-nagon-ar-berord", heading: text.affected.heading, body: affectedHtml(text, input.crisis) },
    {
      id: "uppfoljning",
      heading: text.followUp.heading,
      body: markdownToHtml(`${text.followUp.body}\n\n${guide.followUp}`),
    },
    {
      id: "kallor",
      heading: text.sourcesHeading,
      body: `<ul>${[...new Set([...guide.sources, ...theme.sources, ...text.sources])].map((source) => `<li>${inlineMarkdownToHtml(source)}</li>`).join("")}</ul>`,
    },
  ];
  return page(language, `${text.kicker}: ${theme.title}`, [
    "<header>",
    `<p class="kicker">${escapeHtml(text.kicker)}</p>`,
    `<h1>${escapeHtml(theme.title)}</h1>`,
    `<p>${inlineMarkdownToHtml(theme.summary)}</p>`,
    `<p class="length">${escapeHtml(fill(text.length, { minutes: guideTotalMinutes(guide) }))}</p>`,
    `<p class="screen-only">${inlineMarkdownToHtml(text.printHint)}</p>`,
    "</header>",
    `<nav aria-labelledby="innehall"><h2 id="innehall">${escapeHtml(text.contentsLabel)}</h2><ul>`,
    ...sections.map((section) => `<li><a href="#${section.id}">${escapeHtml(section.heading)}</a></li>`),
    "</ul></nav>",
    ...sections.map(
      (section) =>
        `<section aria-labelledby="${section.id}"><h2 id="${section.id}">${escapeHtml(section.heading)}</h2>\n${section.body}\n</section>`,
    ),
    ...input.otherLanguages.map(
      (other) =>
        `<p class="screen-only"><a href="${facilitatorGuideUrl("", other.language, theme.id)}" hreflang="${other.language}" lang="${other.language}">${escapeHtml(other.name)}</a></p>`,
    ),
  ]);
}

function groundRulesHtml(text: FacilitatorGuideText): string {
  const rules = text.groundRules.rules.map(
    (rule) => `<li><strong>${escapeHtml(rule.title)}</strong> ${inlineMarkdownToHtml(rule.body)}</li>`,
  );
  return `${markdownToHtml(text.groundRules.intro)}\n<ol>${rules.join("")}</ol>`;
}

/** Each part with its time, the steps it walks on the shared card, and the theme's own questions. */
function runningOrderHtml({ theme, guide, text, ui }: GuideInput): string {
  const labels = text.runningOrder;
  const parts = guide.runningOrder.map((part) => {
    const steps = theme.steps.filter((step) => part.steps.includes(step.id));
    const questions = steps.filter((step): step is ReflectionStep => step.type === "reflection");
    return [
      `<li><h3>${escapeHtml(part.title)} <span class="minutes">(${escapeHtml(fill(text.partMinutes, { minutes: part.minutes }))})</span></h3>`,
      markdownToHtml(part.body),
      ...(steps.length > 0
        ? [
            `<p>${escapeHtml(labels.onTheCard)}</p>`,
            `<ul>${steps.map((step) => `<li>${escapeHtml(step.title)}</li>`).join("")}</ul>`,
          ]
        : []),
      ...questions.map((step) => questionHtml(step, guide.questionNotes[step.id], text, ui)),
      "</li>",
    ].join("\n");
  });
  return `${markdownToHtml(labels.intro)}\n<ol>\n${parts.join("\n")}\n</ol>`;
}

function questionHtml(step: ReflectionStep, note: string | undefined, text: FacilitatorGuideText, ui: UiText): string {
  const labelled = (label: string, body: string) =>
    `<p><strong>${escapeHtml(label)}</strong> ${inlineMarkdownToHtml(body)}</p>`;
  return [
    `<div class="question"><h4>${escapeHtml(step.title)}</h4>`,
    ...(step.contentNote ? [labelled(text.runningOrder.contentNote, step.contentNote)] : []),
    ...(step.body ? [markdownToHtml(step.body)] : []),
    `<p class="asked">${inlineMarkdownToHtml(step.question)}</p>`,
    ...(step.alternativeQuestion
      ? [
          `<p>${inlineMarkdownToHtml(fill(ui.reflection.alternative, { question: step.alternativeQuestion.trim() }))}</p>`,
        ]
      : []),
    ...(note ? [labelled(text.runningOrder.facilitatorNote, note)] : []),
    "</div>",
  ].join("\n");
}

/** The crisis lines are kris.yaml's own, so a number changed there is changed here too. */
function affectedHtml(text: FacilitatorGuideText, crisis: CrisisText): string {
  return [
    markdownToHtml(text.affected.body),
    `<p>${inlineMarkdownToHtml(text.affected.crisisLines)}</p>`,
    `<ul>${crisis.lines.map((line) => `<li>${inlineMarkdownToHtml(line)}</li>`).join("")}</ul>`,
    markdownToHtml(text.affected.after),
  ].join("\n");
}

function notFoundPage(content: ContentCatalog, inLanguages: readonly Language[]): HtmlPage {
  const blocks = inLanguages.map((language) => {
    const { notFound } = content.facilitatorGuideText(language);
    const guides = [...content.themes(language), ...content.paths(language)].filter((theme) =>
      content.facilitatorGuide(language, theme.id),
    );
    return [
      `<section lang="${language}" aria-labelledby="saknas-${language}">`,
      `<h1 id="saknas-${language}">${escapeHtml(notFound.title)}</h1>`,
      `<p>${inlineMarkdownToHtml(notFound.body)}</p>`,
      `<h2>${escapeHtml(notFound.available)}</h2>`,
      `<ul>${guides.map((theme) => `<li><a href="${facilitatorGuideUrl("", language, theme.id)}">${escapeHtml(theme.title)}</a></li>`).join("")}</ul>`,
      "</section>",
    ].join("\n");
  });
  const [first] = inLanguages;
  return {
    status: 404,
    html: page(
      first,
      inLanguages.map((language) => content.facilitatorGuideText(language).notFound.title).join(" / "),
      blocks,
    ),
    contentSecurityPolicy: facilitatorGuideContentSecurityPolicy,
  };
}

function page(language: Language, title: string, body: string[]): string {
  return [
    "<!doctype html>",
    `<html lang="${language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    "</head><body><main>",
    ...body,
    "</main></body></html>",
  ].join("\n");
}
