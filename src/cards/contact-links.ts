import { plainText } from "./plain-text";

/**
 * Contact details a security officer typed, as Markdown links. The shown text is escaped like any typed
 * text, and the target cannot end the link early, so a "phone number" cannot carry a link of its own.
 */

/** A phone number as a link that dials it (digits and + only in the tel: URL), shown as written. */
export function phoneLink(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, "");
  return digits ? `[${plainText(phone)}](tel:${digits})` : plainText(phone);
}

export function mailLink(email: string): string {
  return `[${plainText(email)}](mailto:${linkTarget(email)})`;
}

/** The organisation's routine: a link to the https address the officer saved, shown as the address. */
export function webLink(url: string): string {
  return `[${plainText(url)}](${linkTarget(url)})`;
}

/** Whitespace, brackets, parentheses and backslashes would end or bend a Markdown link target. */
function linkTarget(target: string): string {
  return target.replace(/[\s()<>[\]\\`]/gu, (char) =>
    Array.from(Buffer.from(char, "utf8"), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
}
