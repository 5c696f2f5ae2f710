/**
 * The film's colours: the product's navy and cream, coral only for shapes. Every text colour is checked
 * against the background at import, so a palette change that breaks WCAG 1.4.3 (4.5:1) stops the render.
 */
export const palette = {
  background: "#1F3A5F",
  /** Background shapes behind the text: text must still reach 4.5:1 on them. */
  backgroundShape: "#2B4A72",
  text: "#F4F1DE",
  accent: "#E07A5F",
} as const;

export const minTextContrast = 4.5;

export function contrastRatio(foreground: string, background: string): number {
  const [a, b] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Text is only ever drawn in these pairs: cream on navy (and on its shapes), navy on a cream label. */
export const textPairs: Array<[string, string]> = [
  [palette.text, palette.background],
  [palette.text, palette.backgroundShape],
  [palette.background, palette.text],
];

for (const [foreground, background] of textPairs) {
  const ratio = contrastRatio(foreground, background);
  if (ratio < minTextContrast) {
    throw new Error(
      `text ${foreground} on ${background} has contrast ${ratio.toFixed(2)}:1, below ${minTextContrast}:1`,
    );
  }
}
