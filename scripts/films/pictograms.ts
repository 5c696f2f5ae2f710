import type { Pictogram } from "../../src/domain/films/film-script-schema";
import { palette } from "./palette";

/**
 * The pictograms a scene can show, drawn in a 240 × 240 box in the film's palette. They carry no text:
 * what they stand for is in the captions and the words on screen.
 */
const { text: ink, accent } = palette;
const line = (width: number) =>
  `fill="none" stroke="${ink}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"`;
const stroke = line(10);

export const pictograms: Record<Pictogram, string> = {
  phone: `<rect x="62" y="8" width="116" height="224" rx="20" ${stroke}/>
    <rect x="82" y="48" width="66" height="30" rx="10" fill="${accent}"/>
    <rect x="94" y="92" width="66" height="30" rx="10" fill="${ink}"/>
    <rect x="82" y="136" width="66" height="30" rx="10" fill="${accent}"/>
    <circle cx="120" cy="206" r="8" fill="${ink}"/>`,
  shield: `<path d="M120 14 L206 48 V118 C206 172 168 208 120 228 C72 208 34 172 34 118 V48 Z" fill="${accent}" stroke="${ink}" stroke-width="10" stroke-linejoin="round"/>
    <path d="M82 122 L110 150 L162 96" ${stroke}/>`,
  group: `<circle cx="60" cy="86" r="26" fill="${ink}"/><path d="M14 200 C14 136 106 136 106 200 Z" fill="${ink}"/>
    <circle cx="180" cy="86" r="26" fill="${ink}"/><path d="M134 200 C134 136 226 136 226 200 Z" fill="${ink}"/>
    <circle cx="120" cy="70" r="32" fill="${accent}"/><path d="M62 214 C62 134 178 134 178 214 Z" fill="${accent}"/>`,
  bubble: `<path d="M30 30 H210 A20 20 0 0 1 230 50 V150 A20 20 0 0 1 210 170 H100 L56 210 V170 H30 A20 20 0 0 1 10 150 V50 A20 20 0 0 1 30 30 Z" fill="${ink}"/>
    <rect x="44" y="70" width="150" height="16" rx="8" fill="${accent}"/><rect x="44" y="112" width="100" height="16" rx="8" fill="${accent}"/>`,
  checklist: `<rect x="36" y="16" width="168" height="212" rx="16" ${stroke}/>
    <rect x="62" y="56" width="34" height="34" rx="6" ${line(7)}/><path d="M112 73 H178" ${stroke}/>
    <rect x="62" y="108" width="34" height="34" rx="6" ${line(7)}/><path d="M112 125 H178" ${stroke}/>
    <rect x="62" y="160" width="34" height="34" rx="6" ${line(7)}/><path d="M112 177 H178" ${stroke}/>
    <path d="M66 70 L78 84 L100 52" fill="none" stroke="${accent}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>`,
  home: `<path d="M22 118 L120 28 L218 118" ${stroke}/><path d="M50 100 V220 H190 V100" ${stroke}/>
    <rect x="98" y="148" width="44" height="72" rx="6" fill="${accent}"/>`,
  scale: `<path d="M120 22 V212 M70 214 H170 M36 60 H204" ${stroke}/>
    <path d="M36 60 L10 134 H62 Z M204 60 L178 134 H230 Z" fill="${accent}" stroke="${ink}" stroke-width="6" stroke-linejoin="round"/>
    <circle cx="120" cy="40" r="14" fill="${ink}"/>`,
  heart: `<path d="M120 214 C40 156 10 118 10 78 C10 44 36 20 68 20 C92 20 110 34 120 56 C130 34 148 20 172 20 C204 20 230 44 230 78 C230 118 200 156 120 214 Z" fill="${accent}" stroke="${ink}" stroke-width="10" stroke-linejoin="round"/>`,
  warning: `<path d="M120 18 L228 214 H12 Z" fill="${accent}" stroke="${ink}" stroke-width="10" stroke-linejoin="round"/>
    <rect x="110" y="80" width="20" height="76" rx="10" fill="${palette.background}"/><circle cx="120" cy="184" r="12" fill="${palette.background}"/>`,
  eye: `<path d="M10 120 C60 40 180 40 230 120 C180 200 60 200 10 120 Z" ${stroke}/>
    <circle cx="120" cy="120" r="44" fill="${accent}"/><circle cx="120" cy="120" r="18" fill="${ink}"/>`,
};
