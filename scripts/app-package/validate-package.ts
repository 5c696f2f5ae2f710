import { AppManifestUtils, type AppManifest } from "@microsoft/app-manifest";
import JSZip from "jszip";
import { checkIcon, type IconKind } from "./icons";
import { leftoverPlaceholders } from "./placeholders";

/** Oldest manifest schema this app may use (the floor); @microsoft/app-manifest bundles newer ones. */
export const minimumManifestVersion = "1.24";

interface ManifestShape {
  $schema?: string;
  manifestVersion?: string;
  icons?: { color?: string; outline?: string };
  localizationInfo?: {
    defaultLanguageFile?: string;
    additionalLanguages?: Array<{ languageTag: string; file: string }>;
  };
}

/**
 * Checks a built app package offline, the way the Teams admin center would refuse it: the zip layout,
 * the manifest and language files against their bundled JSON schemas, the icons, and no ${{…}} left.
 * Returns every problem found, as sentences; empty means the package is good.
 */
export async function validateAppPackage(zipBytes: Buffer): Promise<string[]> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes);
  } catch (error) {
    return [`The package is not a readable zip file (${errorMessage(error)})`];
  }
  const problems: string[] = [];
  const entries = Object.values(zip.files);
  const files = new Map(entries.filter((e) => !e.dir).map((e) => [e.name, e]));
  for (const entry of entries) {
    if (entry.dir || entry.name.includes("/") || entry.name.includes("\\")) {
      problems.push(`"${entry.name}" is in a folder; every file must be at the root of the zip`);
    }
  }

  const manifestEntry = files.get("manifest.json");
  if (!manifestEntry) return [...problems, "manifest.json is missing from the root of the zip"];

  const texts = new Map<string, string>();
  for (const [name, entry] of files) if (name.endsWith(".json")) texts.set(name, await entry.async("string"));
  for (const [name, text] of texts) {
    const leftover = leftoverPlaceholders(text);
    if (leftover.length > 0) problems.push(`${name} still contains unfilled placeholder(s): ${leftover.join(", ")}`);
  }

  const manifest = parseJson<ManifestShape>("manifest.json", texts.get("manifest.json")!, problems);
  if (!manifest) return problems;
  problems.push(...(await checkAgainstSchema("manifest.json", manifest)));

  const schemaVersion = /\/v(\d+\.\d+)\//.exec(manifest.$schema ?? "")?.[1];
  if (schemaVersion !== manifest.manifestVersion) {
    problems.push(
      `manifest.json: manifestVersion ${manifest.manifestVersion} does not match its $schema (${manifest.$schema})`,
    );
  }
  if (manifest.manifestVersion && compareVersions(manifest.manifestVersion, minimumManifestVersion) < 0) {
    problems.push(`manifest.json: manifestVersion ${manifest.manifestVersion} is older than ${minimumManifestVersion}`);
  }

  const referenced = new Set(["manifest.json"]);
  const languageFiles = [
    manifest.localizationInfo?.defaultLanguageFile,
    ...(manifest.localizationInfo?.additionalLanguages ?? []).map((language) => language.file),
  ].filter((file): file is string => Boolean(file));
  for (const file of languageFiles) {
    referenced.add(file);
    const text = texts.get(file);
    if (text === undefined) {
      problems.push(`${file} is named in localizationInfo but is not at the root of the zip`);
      continue;
    }
    const language = parseJson<{ $schema?: string }>(file, text, problems);
    if (language) problems.push(...(await checkAgainstSchema(file, language)));
  }

  for (const kind of ["color", "outline"] as IconKind[]) {
    const file = manifest.icons?.[kind];
    if (!file) continue; // the schema check has already named it
    referenced.add(file);
    const entry = files.get(file);
    if (!entry) {
      problems.push(`${file} (the ${kind} icon) is not at the root of the zip`);
      continue;
    }
    problems.push(...checkIcon(kind, await entry.async("nodebuffer")));
  }

  for (const name of files.keys()) {
    if (!referenced.has(name)) problems.push(`"${name}" is in the zip but the manifest does not use it`);
  }
  return problems;
}

/** Schema errors for one JSON file, using the schema its $schema names (bundled, so no network). */
async function checkAgainstSchema(file: string, json: { $schema?: string }): Promise<string[]> {
  if (!json.$schema) return [`${file} has no $schema`];
  if (!json.$schema.startsWith("https://developer.microsoft.com/json-schemas/teams/")) {
    return [`${file}: $schema ${json.$schema} is not a Teams schema bundled with @microsoft/app-manifest`];
  }
  try {
    const schema = repairPatterns(await AppManifestUtils.fetchSchema(json.$schema));
    const errors = await AppManifestUtils.validateAgainstSchema(json as AppManifest, schema);
    return errors.map((error) => `${file} does not match its schema: ${error}`);
  } catch (error) {
    return [`${file} could not be checked against ${json.$schema}: ${errorMessage(error)}`];
  }
}

/**
 * The bundled localization schemas (v1.25 and newer) have patternProperties keys such as
 * `activityTypes\\[\\b(…)\\b]` whose lone `]` is invalid in a Unicode regular expression, so Ajv
 * refuses to compile them. Escaping that bracket keeps the pattern's meaning and makes it compile.
 */
function repairPatterns<T>(schema: T): T {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        key === "patternProperties" && value && typeof value === "object"
          ? Object.fromEntries(
              Object.entries(value).map(([pattern, sub]) => [pattern.replace(/(?<!\\)\\b\]/g, "\\b\\]"), visit(sub)]),
            )
          : visit(value),
      ]),
    );
  };
  return visit(schema) as T;
}

function parseJson<T>(file: string, text: string, problems: string[]): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    problems.push(`${file} is not valid JSON (${errorMessage(error)})`);
    return undefined;
  }
}

function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split(".").map(Number);
  const [bMajor, bMinor] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
