import type { Language } from "../domain/content/language";
import type { PrivacyNotice } from "../domain/privacy/privacy-notice";
import { escapeHtml, markdownToHtml } from "./html-text";

/**
 * The privacy notice as a plain, accessible web page: what the app manifest's privacy URL points to,
 * so people can read it before they install anything. The text is ours, but it is escaped anyway.
 */
export function privacyPageHtml(notice: PrivacyNotice, language: Language): string {
  return [
    "<!doctype html>",
    `<html lang="${language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(notice.title)}</title>`,
    "<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}h1,h2{color:#1F3A5F}a{color:#1F3A5F}</style>",
    "</head><body><main>",
    `<h1>${escapeHtml(notice.title)}</h1>`,
    markdownToHtml(notice.intro),
    ...notice.sections.flatMap((section) => [`<h2>${escapeHtml(section.heading)}</h2>`, markdownToHtml(section.body)]),
    "</main></body></html>",
  ].join("\n");
}
