/** Agents Toolkit placeholder syntax: ${{NAME}}. */
const placeholderPattern = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const anyPlaceholderPattern = /\$\{\{[^}]*\}\}/g;

/** Placeholders that may legitimately be empty (e.g. no name suffix in production). */
export const optionalPlaceholders: ReadonlySet<string> = new Set(["APP_NAME_SUFFIX"]);

export interface FillResult {
  text: string;
  /** Placeholders with no value (unset, or empty and not optional). */
  unfilled: string[];
}

/**
 * Replaces each ${{NAME}} in a JSON text with its value, escaped for a JSON string. A placeholder
 * without a value is left in place and reported.
 */
export function fillPlaceholders(jsonText: string, values: Record<string, string | undefined>): FillResult {
  const unfilled = new Set<string>();
  const text = jsonText.replace(placeholderPattern, (match, name: string) => {
    const value = values[name];
    if (value === undefined || (value === "" && !optionalPlaceholders.has(name))) {
      unfilled.add(name);
      return match;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  return { text, unfilled: [...unfilled] };
}

/** Every ${{…}} still in a text. */
export function leftoverPlaceholders(text: string): string[] {
  return [...new Set(text.match(anyPlaceholderPattern) ?? [])];
}
