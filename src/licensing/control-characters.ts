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

/** Each one as a visible `\u{…}`, so what is shown is what is stored, and nothing is hidden or reordered. */
export function showControlCharacters(text: string): string {
  return text.replace(controlCharacters, (char) => `\\u{${char.codePointAt(0)!.toString(16).toUpperCase()}}`);
}
