import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { defaultContentDir } from "../content/content-catalog";
import { languages, type Language } from "../content/language";

/** The privacy notice (`integritet`): content/<lang>/integritet.md, one title and its sections. */
export interface PrivacyNotice {
  title: string;
  /** Text before the first section. */
  intro: string;
  sections: Array<{ heading: string; body: string }>;
  /** The file as written, for the web page behind the app manifest's privacy URL. */
  markdown: string;
}

/** What the notice must cover (GDPR art. 13): checked by each language's section count and the loader. */
export const requiredSectionCount = 6;

export class PrivacyNoticeError extends Error {}

/** Reads and checks both languages; a missing file or section stops the start, like other content. */
export function loadPrivacyNotices(contentDir = defaultContentDir): Record<Language, PrivacyNotice> {
  const problems: string[] = [];
  const notices = {} as Record<Language, PrivacyNotice>;
  for (const language of languages) {
    const file = path.join(contentDir, language, "integritet.md");
    const name = `${language}/integritet.md`;
    if (!existsSync(file)) {
      problems.push(`${name}: file is missing`);
      continue;
    }
    const notice = parseNotice(readFileSync(file, "utf8"));
    if (!notice.title) problems.push(`${name}: must start with a title line "# ..."`);
    if (notice.sections.length < requiredSectionCount)
      problems.push(
        `${name}: needs at least ${requiredSectionCount} sections ("## ..."), has ${notice.sections.length}`,
      );
    for (const section of notice.sections)
      if (!section.body) problems.push(`${name}: section "${section.heading}" is empty`);
    notices[language] = notice;
  }
  if (problems.length > 0)
    throw new PrivacyNoticeError(`The privacy notice has problems:\n  - ${problems.join("\n  - ")}`);
  return notices;
}

export function parseNotice(markdown: string): PrivacyNotice {
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  let title = "";
  const intro: string[] = [];
  const sections: Array<{ heading: string; lines: string[] }> = [];
  for (const line of lines) {
    const h1 = /^#\s+(.+)$/.exec(line);
    const h2 = /^##\s+(.+)$/.exec(line);
    if (h1 && !title && sections.length === 0) title = h1[1].trim();
    else if (h2) sections.push({ heading: h2[1].trim(), lines: [] });
    else if (sections.length > 0) sections[sections.length - 1].lines.push(line);
    else intro.push(line);
  }
  return {
    title,
    intro: intro.join("\n").trim(),
    sections: sections.map((s) => ({ heading: s.heading, body: s.lines.join("\n").trim() })),
    markdown,
  };
}
