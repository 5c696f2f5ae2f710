import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { readEnvironment } from "./environment";
import { fillPlaceholders } from "./placeholders";
import { validateAppPackage } from "./validate-package";

export interface PackageOptions {
  /** Folder with manifest.json, its language files and icons (the repository's appPackage/). */
  appPackageDir: string;
  /** Folder with the .env.<environment> files (the repository's env/). */
  envDir: string;
  environment: string;
  /** Where appPackage.<environment>.zip is written (appPackage/build/). */
  outDir: string;
}

/** A package that must not be uploaded; `problems` names each reason. */
export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The app package is not valid:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "PackageError";
  }
}

/**
 * Fills the manifest template and its language files from env/.env.<environment>, zips them with the
 * icons (all at the zip root, as Teams requires), then validates the zip. A package with problems is
 * deleted, so no broken zip is left for someone to upload, and a PackageError lists every problem.
 */
export async function buildAppPackage(options: PackageOptions): Promise<{ zipPath: string }> {
  const values = readEnvironment(options.envDir, options.environment);
  const problems: string[] = [];
  const zip = new JSZip();
  // A fixed date keeps the zip identical for identical input.
  const date = new Date("2000-01-01T00:00:00Z");

  const manifestText = readFileSync(path.join(options.appPackageDir, "manifest.json"), "utf8");
  const manifest = fill("manifest.json", manifestText, values, problems);
  zip.file("manifest.json", manifest.text, { date });

  const parsed = JSON.parse(manifestText) as {
    icons?: Record<string, string>;
    localizationInfo?: { defaultLanguageFile?: string; additionalLanguages?: Array<{ file: string }> };
  };
  const languageFiles = [
    parsed.localizationInfo?.defaultLanguageFile,
    ...(parsed.localizationInfo?.additionalLanguages ?? []).map((language) => language.file),
  ].filter((file): file is string => Boolean(file));
  for (const file of languageFiles) {
    const source = path.join(options.appPackageDir, file);
    if (!existsSync(source)) continue; // validation names the missing file
    zip.file(path.basename(file), fill(file, readFileSync(source, "utf8"), values, problems).text, { date });
  }
  for (const file of Object.values(parsed.icons ?? {})) {
    const source = path.join(options.appPackageDir, file);
    if (existsSync(source)) zip.file(path.basename(file), readFileSync(source), { date });
  }

  const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  mkdirSync(options.outDir, { recursive: true });
  const zipPath = path.join(options.outDir, `appPackage.${options.environment}.zip`);
  writeFileSync(zipPath, bytes);

  problems.push(...(await validateAppPackage(readFileSync(zipPath))));
  if (problems.length > 0) {
    rmSync(zipPath, { force: true });
    throw new PackageError([...new Set(problems)]);
  }
  return { zipPath };
}

function fill(file: string, text: string, values: Record<string, string>, problems: string[]): { text: string } {
  const result = fillPlaceholders(text, values);
  for (const name of result.unfilled) {
    problems.push(`${file}: \${{${name}}} has no value; set ${name} in the environment file`);
  }
  return result;
}
