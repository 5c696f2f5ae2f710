/**
 * Text a user typed is shown back exactly as typed. TextBlocks render a Markdown subset (emphasis,
 * links, lists), so the characters that can start one of those are backslash-escaped, and control
 * characters are dropped. Ordinary punctuation is left alone so the text still reads naturally.
 */
export function plainText(userText: string): string {
  return userText
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .replace(/[\\`*_[\]<>~]/g, (char) => `\\${char}`)
    .replace(/^(\s*)([-+#]|\d+\.)(?=\s)/gm, (_whole, indent: string, marker: string) => `${indent}\\${marker}`);
}
