/**
 * Redraws the material's graphics from their texts: content/<lang>/graphics.yaml → assets/graphics/*.svg.
 * Then `scripts/render-graphics.ts` turns every SVG into the PNG the cards show (`npm run graphics` runs both).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import YAML from "yaml";
import { drawGraphic, graphicsFileSchema, type Graphic } from "./graphic-layout";

const root = resolve(__dirname, "..", "..");

export function loadGraphics(language: "sv" | "en"): Graphic[] {
  const file = join(root, "content", language, "graphics.yaml");
  return graphicsFileSchema.parse(YAML.parse(readFileSync(file, "utf8")));
}

export function svgPathOf(graphic: Graphic): string {
  return join(root, "assets", "graphics", `${graphic.file}.svg`);
}

if (require.main === module) {
  for (const language of ["sv", "en"] as const) {
    for (const graphic of loadGraphics(language)) {
      writeFileSync(svgPathOf(graphic), drawGraphic(graphic));
      console.log(`content/${language}/graphics.yaml → assets/graphics/${graphic.file}.svg`);
    }
  }
}
