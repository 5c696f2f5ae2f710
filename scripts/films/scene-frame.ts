import type { FilmScene } from "../../src/domain/films/film-script-schema";
import { palette } from "./palette";
import { pictograms } from "./pictograms";

/**
 * One frame of a scene as SVG (1280 × 720). The lower fifth stays empty: that is where the player
 * shows the captions. Type sizes are chosen for a phone, where the frame is about 360 px wide:
 * the large words are at least 58 px here (16 px there), the source line 42 px and a label 40 px.
 */
export const frameWidth = 1280;
export const frameHeight = 720;
export const minWordsSize = 58;
export const sourceSize = 42;
export const labelSize = 40;
/** No text in a frame is smaller than this (about 11 px on a phone held upright, far more in full screen). */
export const minTextSize = Math.min(minWordsSize, sourceSize, labelSize);
const maxWordsSize = 112;
const captionZoneTop = 560;
const font = "DejaVu Sans";

/** How far the entrance is (seconds since the scene began) and how visible the scene still is (fading out). */
export interface FrameMoment {
  sinceStart: number;
  visibility: number;
}

export function sceneFrameSvg(scene: FilmScene, { sinceStart, visibility }: FrameMoment): string {
  const { words, pictogram, source, label } = scene.screen;
  const left = pictogram ? 420 : 110;
  const available = frameWidth - left - 70;
  const longest = Math.max(...words.map((line) => line.length));
  const regionTop = label ? 150 : 60;
  const regionBottom = captionZoneTop - 20;
  const sourceHeight = source ? Math.round(sourceSize * 1.9) : 0;
  const byWidth = Math.floor(available / (longest * 0.7));
  const byHeight = Math.floor((regionBottom - regionTop - sourceHeight) / (words.length * 1.18));
  const size = Math.max(minWordsSize, Math.min(maxWordsSize, byWidth, byHeight));
  const lineHeight = Math.round(size * 1.18);
  const blockHeight = words.length * lineHeight + sourceHeight;
  const top =
    regionTop + Math.max(0, Math.round((regionBottom - regionTop - blockHeight) / 2)) - Math.round(size * 0.1);

  const appear = (delay: number) => {
    const t = Math.min(1, Math.max(0, (sinceStart - delay) / 0.45));
    const eased = 1 - (1 - t) ** 3;
    return { opacity: eased.toFixed(3), shift: ((1 - eased) * 36).toFixed(1) };
  };
  const group = (delay: number, content: string) => {
    const { opacity, shift } = appear(delay);
    return `<g opacity="${opacity}" transform="translate(0 ${shift})">${content}</g>`;
  };

  const lines = words.map((line, i) =>
    group(
      0.15 + i * 0.12,
      `<text x="${left}" y="${top + size + i * lineHeight}" font-family="${font}" font-size="${size}" font-weight="bold" fill="${palette.text}">${escapeXml(line)}</text>`,
    ),
  );
  const sourceLine = source
    ? group(
        0.55,
        `<text x="${left}" y="${top + words.length * lineHeight + Math.round(sourceSize * 1.5)}" font-family="${font}" font-size="${sourceSize}" fill="${palette.text}">${escapeXml(source)}</text>`,
      )
    : "";
  const accentBar = group(
    0.05,
    `<rect x="${left - 34}" y="${top + size * 0.15}" width="12" height="${words.length * lineHeight}" rx="6" fill="${palette.accent}"/>`,
  );
  const labelBox = label
    ? group(
        0,
        `<rect x="96" y="56" width="${Math.round(label.length * labelSize * 0.66 + 52)}" height="70" rx="35" fill="${palette.text}"/>` +
          `<text x="122" y="105" font-family="${font}" font-size="${labelSize}" font-weight="bold" fill="${palette.background}">${escapeXml(label)}</text>`,
      )
    : "";
  const picture = pictogram
    ? group(
        0,
        `<g transform="translate(110 ${Math.round((regionTop + regionBottom - 240) / 2)})">${pictograms[pictogram]}</g>`,
      )
    : "";

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${frameWidth}" height="${frameHeight}" viewBox="0 0 ${frameWidth} ${frameHeight}">
<rect width="${frameWidth}" height="${frameHeight}" fill="${palette.background}"/>
<circle cx="1180" cy="70" r="230" fill="${palette.backgroundShape}"/>
<circle cx="60" cy="690" r="170" fill="${palette.backgroundShape}"/>
<g opacity="${visibility.toFixed(3)}">${labelBox}${picture}${accentBar}${lines.join("")}${sourceLine}</g>
</svg>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
