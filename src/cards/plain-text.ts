/**
 * Text a user typed is shown back exactly as typed. TextBlocks render a Markdown subset (emphasis,
 * links, lists), so the characters that can start one of those are backslash-escaped, and control
 * characters are dropped. Ordinary punctuation is left alone so the text still reads naturally.
 *
 * Also dropped: C1 controls, the bidirectional embeddings, overrides and isolates (an unclosed
 * right-to-left override would reverse the bot's own text after it; the plain marks LRM/RLM stay), and
 * half an emoji left by cutting a long text. `{{` is split with a word joiner, so the Adaptive Card
 * date functions (`{{DATE(…)}}`, `{{TIME(…)}}`) are shown, not evaluated.
 */
export function plainText(userText: string): string {
  return (
    userText
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, "")
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
      .replace(/[\\`*_[\]<>~]/g, (char) => `\\${char}`)
      // Every "{" followed by another, so "{{{" cannot leave a live "{{" behind.
      .replace(/\{(?=\{)/g, "{\u2060")
      .replace(/^(\s*)([-+#])(?=\s)/gm, (_whole, indent: string, marker: string) => `${indent}\\${marker}`)
      .replace(
        /^(\s*)(\d+)([.)])(?=\s)/gm,
        (_whole, indent: string, digits: string, dot: string) => `${indent}${digits}\\${dot}`,
      )
  );
}
