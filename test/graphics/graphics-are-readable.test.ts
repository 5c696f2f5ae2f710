/**
 * Every text in every graphic (assets/graphics/*.svg, the sources of public/images) must be readable:
 * WCAG 2.1 AA 1.4.3 contrast (4.5:1) against what is actually drawn behind it, and large enough on a
 * phone, where Teams shows a card image about 320 px wide. The material's own graphics are drawn from
 * content/<lang>/graphics.yaml, and the committed SVGs must be what that content draws.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { drawGraphic } from "../../scripts/graphics/graphic-layout";
import { loadGraphics, svgPathOf } from "../../scripts/graphics/draw-graphics";
import {
  blend,
  contrast,
  graphicProblems,
  graphicsDir,
  hex,
  minimumContrast,
  phoneImageWidth,
  readSvg,
  smallestReadablePx,
} from "../../scripts/graphics/graphic-checks";

const svgFiles = readdirSync(graphicsDir).filter((file) => file.endsWith(".svg"));

describe("the contrast check itself", () => {
  it("measures white on the old coral as 2.95:1 and navy on cream as over 10:1", () => {
    expect(contrast(hex("#FFFFFF")!, hex("#E07A5F")!)).toBeCloseTo(2.95, 2);
    expect(contrast(hex("#1F3A5F")!, hex("#F4F1DE")!)).toBeGreaterThan(10);
  });
});

describe.each(svgFiles)("graphic %s", (file) => {
  const { width, texts } = readSvg(file);

  it("has text to check", () => {
    expect(texts.length).toBeGreaterThan(0);
  });

  it.each(texts.map((text) => [text.text, text] as const))(
    "shows %j with a contrast of at least 4.5:1 against its background",
    (_label, text) => {
      expect(contrast(text.fill, blend(text.behind))).toBeGreaterThanOrEqual(minimumContrast);
    },
  );

  it("has no text smaller than 12 px when Teams shows the image 320 px wide on a phone", () => {
    const smallest = Math.min(...texts.map((text) => text.size));
    expect(smallest * (phoneImageWidth / width)).toBeGreaterThanOrEqual(smallestReadablePx);
  });
});

describe("content:check's graphics report", () => {
  it("finds no unreadable text", () => {
    expect(graphicProblems()).toEqual([]);
  });
});

describe.each(["sv", "en"] as const)("graphics drawn from content/%s/graphics.yaml", (language) => {
  it.each(loadGraphics(language).map((graphic) => [graphic.file, graphic] as const))(
    "%s.svg is what its text in the content draws (run `npm run graphics` after editing)",
    (_file, graphic) => {
      expect(readFileSync(svgPathOf(graphic), "utf8")).toBe(drawGraphic(graphic));
    },
  );

  it("draws checklists with empty boxes: ticking them is the reader's", () => {
    for (const graphic of loadGraphics(language).filter((g) => g.blocks.some((block) => block.kind === "check"))) {
      expect(drawGraphic(graphic)).not.toMatch(/<path/);
    }
  });
});
