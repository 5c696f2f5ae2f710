import { z } from "zod/v4";

/**
 * The phone numbers and websites the material may give (content/support-lines.yaml), and the check that
 * no text under content/ gives any other, shows one number on a link that calls another, or names one line beside
 * another line's number. Numbers are compared by their digits, so "116 006", "116006" and tel:116006
 * are the same number.
 */
const text = z.string().trim().min(1, "must not be empty");

export const supportLinesSchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        number: text.regex(/^[0-9][0-9 -]*[0-9]$/, "must be digits, spaces and dashes, as the material writes it"),
        /** Names that, when a number follows them on the same line of text, must be followed by this number. */
        names: z.array(text),
        source: text,
      }),
    )
    .min(1),
  websites: z.array(
    z.strictObject({ host: text.regex(/^[a-z0-9.-]+\.[a-z]+$/, "must be a host such as polisen.se"), source: text }),
  ),
  formatExamples: z.array(text).default([]),
});

export type SupportLines = z.infer<typeof supportLinesSchema>;

/**
 * Spaces inside a number: the non-breaking ones that keep it on one line, and a line break where a YAML
 * writer has folded a long text in the middle of a number.
 */
const gap = "(?:[ \\u00a0\\u202f]|\\n[ \\t]*)";
/** Written forms of phone numbers: tel: links, Swedish numbers with an area code, the short 11x and 90xxx lines. */
const phoneNumberPatterns: RegExp[] = [
  /tel:(\+?\d+)/g,
  new RegExp(`(?<![\\d.,:/-])\\+46[\\d\\u00a0\\u202f -]{6,}\\d`, "g"),
  new RegExp(`(?<![\\d.,:/+-])0\\d{1,3}-\\d{2,3}(?:${gap}\\d{2,3}){0,3}(?![\\d-])`, "g"),
  /(?<![\d.,:/+-])0\d{6,9}(?![\d-])/g,
  new RegExp(`(?<![\\d.,:/+-])11\\d{1,2}(?:${gap}?\\d{2,3})?(?![\\d%]|[.,]\\d)`, "g"),
  new RegExp(`(?<![\\d.,:/+-]|\\d${gap})9\\d{4}(?![\\d%]|[.,]\\d)`, "g"),
];

const digitsOf = (number: string) => number.replace(/^(tel:)?\+46/, "0").replace(/\D/g, "");

interface FoundNumber {
  index: number;
  written: string;
  digits: string;
}

/** Each number once, even where two forms overlap (the digits of a tel: link are also a short number). */
function numbersIn(text: string): FoundNumber[] {
  const matches = phoneNumberPatterns
    .flatMap((pattern) => [...text.matchAll(pattern)])
    .sort((a, b) => a.index - b.index || b[0].length - a[0].length);
  const numbers: FoundNumber[] = [];
  let end = 0;
  for (const match of matches) {
    if (match.index < end) continue;
    numbers.push({ index: match.index, written: match[0].replace(/\s+/g, " "), digits: digitsOf(match[0]) });
    end = match.index + match[0].length;
  }
  return numbers;
}

/** Where a name's clause ends: a semicolon, a full stop, a blank line, the next list item or YAML key. */
const clauseEnd = /;|\.(\s|$)|\n\s*\n|\n\s*(?:[-*]|\d+\.)\s|\n\s*[\w-]+:\s/;

/** The problems in one content file's text, each as "line N: …". */
export function numberAndSiteProblems(
  fileText: string,
  supportLines: SupportLines,
  options: { filmUrls?: boolean } = {},
): string[] {
  const known = new Map(supportLines.lines.map((line) => [digitsOf(line.number), line]));
  const examples = new Set(supportLines.formatExamples.map(digitsOf));
  const names = supportLines.lines.flatMap((line) => line.names.map((name) => ({ name, line })));
  const where = (index: number) => `line ${fileText.slice(0, index).split("\n").length}`;
  const problems: string[] = [];
  const numbers = numbersIn(fileText);
  for (const number of numbers) {
    if (!known.has(number.digits) && !examples.has(number.digits)) {
      problems.push(
        `${where(number.index)}: '${number.written}' is not a number in content/support-lines.yaml (known: ${supportLines.lines.map((l) => l.number).join(", ")})`,
      );
    }
  }
  const hosts = new Set(supportLines.websites.map((site) => site.host));
  for (const link of fileText.matchAll(/https?:\/\/(?:www\.)?([^\s/?#)\]"'>]+)/gi)) {
    // "https://…" is a placeholder in a form's hint, not a link; a theme's film plays from a video host,
    // which the film schema checks.
    const filmUrl =
      options.filmUrls && /^\s*url:\s*$/.test(fileText.slice(fileText.lastIndexOf("\n", link.index) + 1, link.index));
    if (!hosts.has(link[1].toLowerCase()) && link[1] !== "…" && !filmUrl) {
      problems.push(`${where(link.index)}: the site '${link[1]}' is not a website in content/support-lines.yaml`);
    }
  }
  for (const link of fileText.matchAll(/\[([^\]]*\d[^\]]*)\]\(tel:(\+?\d+)\)/g)) {
    if (digitsOf(link[1]) !== digitsOf(link[2])) {
      problems.push(`${where(link.index)}: the link '${link[0]}' shows one number and calls another`);
    }
  }
  const mentions = names
    .flatMap(({ name, line }) =>
      [...fileText.matchAll(new RegExp(escape(name), "gi"))].map((m) => ({ at: m.index, name, line })),
    )
    .sort((a, b) => a.at - b.at);
  mentions.forEach((mention, i) => {
    // A name goes with the number in its own clause.
    const clause = fileText.slice(mention.at).search(clauseEnd);
    const end = Math.min(mentions[i + 1]?.at ?? fileText.length, clause < 0 ? fileText.length : mention.at + clause);
    const next = numbers.find((number) => number.index > mention.at && number.index < end);
    const nextLine = next && known.get(next.digits);
    if (nextLine && nextLine !== mention.line) {
      problems.push(
        `${where(mention.at)}: ${mention.name} is followed by '${next.written}', which is ${nextLine.number}, not ${mention.line.number}`,
      );
    }
  });
  return problems;
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
