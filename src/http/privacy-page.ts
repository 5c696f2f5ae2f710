import type { Language } from "../domain/content/language";
import type { PrivacyNotice } from "../domain/privacy/privacy-notice";

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
    blocksToHtml(notice.intro),
    ...notice.sections.flatMap((section) => [`<h2>${escapeHtml(section.heading)}</h2>`, blocksToHtml(section.body)]),
    "</main></body></html>",
  ].join("\n");
}

/** Paragraphs and "- " lists, with **bold** and [links](https://…) inside: the subset the notice uses. */
function blocksToHtml(markdown: string): string {
  return markdown
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const lines = block.split("\n");
      if (lines.every((line) => /^\s*-\s+/.test(line))) {
        return `<ul>${lines.map((line) => `<li>${inline(line.replace(/^\s*-\s+/, ""))}</li>`).join("")}</ul>`;
      }
      return `<p>${inline(lines.join(" "))}</p>`;
    })
    .join("\n");
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/\[([^\]]+)\]\(((?:https:|mailto:|tel:)[^)\s]+)\)/g, '<a href="$2">$1</a>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
