/**
 * C0 and C1 control characters (NUL among them, which PostgreSQL cannot store) and the bidirectional
 * embeddings, overrides and isolates, which are invisible and reorder what is shown after them (U+202E
 * makes "fdp.exe" read "exe.pdf"). None belongs in a one-line field such as a name, a reference or a phone
 * number, so such fields refuse them, and the operator's terminal is never sent them.
 */
const controlCharacter = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const controlCharacters = new RegExp(controlCharacter.source, "gu");

export function hasControlCharacters(text: string): boolean {
  return controlCharacter.test(text);
}

/** Each one replaced, e.g. by a space for a terminal, so nothing is hidden, reordered or executed. */
export function replaceControlCharacters(text: string, replacement: string | ((char: string) => string)): string {
  return text.replace(controlCharacters, typeof replacement === "string" ? () => replacement : replacement);
}
