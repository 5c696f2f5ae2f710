/**
 * The architecture, as a test: three layers, one direction.
 *
 *   Teams layer   src/index.ts, src/runtime.ts, src/app.ts, src/teams/, src/features/, src/cards/, dialogs/,
 *                 and the other edges: src/http/ (web pages and links) and src/operator/ (admin API and CLI)
 *   domain        src/domain/   content, licensing, progress, reflections, incidents, search, emergency, privacy
 *   platform      src/platform/ storage, crypto, config, logging; and the generated Prisma client
 *
 * Nothing imports upwards, and nothing below the Teams layer imports botbuilder or Teams AI, not even a type,
 * so a move to the Teams SDK touches the Teams layer alone.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
type Layer = "teams" | "domain" | "platform";
const rank: Record<Layer, number> = { teams: 2, domain: 1, platform: 0 };

function layerOf(file: string): Layer {
  const relative = path.relative(root, file).split(path.sep).join("/");
  if (relative.startsWith("src/platform/") || relative.startsWith("src/generated/")) return "platform";
  if (relative.startsWith("src/domain/")) return "domain";
  return "teams";
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return name.endsWith(".ts") ? [full] : [];
  });
}

interface Import {
  from: string;
  specifier: string;
  target?: string;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((match) => match[1]);
  return specifiers.map((specifier) => ({
    from: file,
    specifier,
    target: specifier.startsWith(".") ? path.resolve(path.dirname(file), specifier) : undefined,
  }));
}

const files = [...sourceFiles(path.join(root, "src")), ...sourceFiles(path.join(root, "dialogs"))];
const imports = files.flatMap(importsOf);
const name = (file: string) => path.relative(root, file);

describe("three layers, one direction", () => {
  it("finds the layers it checks", () => {
    const layers = new Set(files.map(layerOf));
    expect([...layers].sort()).toEqual(["domain", "platform", "teams"]);
  });

  it.each(["domain", "platform"] as const)("the %s imports nothing from botbuilder or Teams AI", (layer) => {
    const offending = imports
      .filter((entry) => layerOf(entry.from) === layer)
      .filter((entry) => /^(botbuilder|botframework-|@microsoft\/teams-ai)/.test(entry.specifier))
      .map((entry) => `${name(entry.from)} imports ${entry.specifier}`);
    expect(offending).toEqual([]);
  });

  it("no module imports from a layer above its own", () => {
    const upward = imports
      .filter((entry) => entry.target !== undefined && rank[layerOf(entry.target)] > rank[layerOf(entry.from)])
      .map(
        (entry) =>
          `${name(entry.from)} (${layerOf(entry.from)}) imports ${entry.specifier} (${layerOf(entry.target!)})`,
      );
    expect(upward).toEqual([]);
  });
});

/** Inside the Teams layer: features use dialogs and cards; dialogs use cards; cards and src/teams use neither. */
describe("inside the Teams layer", () => {
  const area = (file: string) => name(file).split(path.sep).slice(0, 2).join("/");
  const rules: Array<[string, string[]]> = [
    ["src/teams", ["src/features", "dialogs"]],
    ["src/cards", ["src/features", "dialogs", "src/teams"]],
  ];
  it.each(rules)("%s imports nothing from %j", (from, forbidden) => {
    const offending = imports
      .filter((entry) => entry.target && area(entry.from).startsWith(from))
      .filter((entry) => forbidden.some((folder) => name(entry.target!).startsWith(folder)))
      .map((entry) => `${name(entry.from)} imports ${entry.specifier}`);
    expect(offending).toEqual([]);
  });

  it("dialogs import no feature: features start dialogs, never the other way round", () => {
    const offending = imports
      .filter((entry) => entry.target && name(entry.from).startsWith("dialogs"))
      .filter((entry) => name(entry.target!).startsWith("src/features"))
      .map((entry) => `${name(entry.from)} imports ${entry.specifier}`);
    expect(offending).toEqual([]);
  });
});
