import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { renderIcon } from "../../scripts/app-package/icons";
import { validateAppPackage } from "../../scripts/app-package/validate-package";

const repoRoot = path.resolve(__dirname, "../..");
const appPackageDir = path.join(repoRoot, "appPackage");
const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tsf-package-"));
  tempDirs.push(dir);
  return dir;
}

const validEnv = {
  TEAMSFX_ENV: "dev",
  APP_NAME_SUFFIX: " (dev)",
  TEAMS_APP_ID: "11111111-2222-4333-8444-555555555555",
  BOT_ID: "66666666-7777-4888-9999-aaaaaaaaaaaa",
  BOT_DOMAIN: "tsf-dev.example.se",
  DEVELOPER_NAME: "Kommunen AB",
  DEVELOPER_WEBSITE_URL: "https://kommunen.example.se/",
  DEVELOPER_PRIVACY_URL: "https://kommunen.example.se/integritet",
  DEVELOPER_TERMS_OF_USE_URL: "https://kommunen.example.se/villkor",
};

/** A scratch copy of appPackage/ and an env folder, so a test can break one thing. */
function workspace(env: Record<string, string> = validEnv, environment = "dev") {
  const root = tempDir();
  const pkg = path.join(root, "appPackage");
  cpSync(appPackageDir, pkg, { recursive: true, filter: (source) => !source.includes(`${path.sep}build`) });
  const envDir = path.join(root, "env");
  cpSync(path.join(repoRoot, "env"), envDir, { recursive: true });
  writeEnv(envDir, environment, env);
  return { root, pkg, envDir, out: path.join(root, "out") };
}

function writeEnv(envDir: string, environment: string, env: Record<string, string>, suffix = ""): void {
  const lines = Object.entries(env).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  writeFileSync(path.join(envDir, `.env.${environment}${suffix}`), `${lines.join("\n")}\n`);
}

/** Runs `npm run package` the way package.json does (tsx scripts/package-app.ts), with folder overrides. */
function runPackage(args: string[], dirs?: { pkg: string; envDir: string; out: string }) {
  const folderArgs = dirs ? ["--app-package-dir", dirs.pkg, "--env-dir", dirs.envDir, "--out-dir", dirs.out] : [];
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/package-app.ts", ...args, ...folderArgs], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function openZip(file: string) {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const manifest = JSON.parse(await zip.file("manifest.json")!.async("string"));
  return { zip, manifest, names: Object.keys(zip.files).sort() };
}

function solidPng(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) png.data.set(rgba, i);
  return PNG.sync.write(png);
}

describe("npm run package", () => {
  it("builds appPackage.playground.zip from env/.env.playground with manifest, language file and icons at the root", async () => {
    const out = tempDir();
    const result = runPackage(["--env", "playground", "--out-dir", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);

    const { names, manifest, zip } = await openZip(path.join(out, "appPackage.playground.zip"));
    expect(names).toEqual(["color.png", "en.json", "manifest.json", "outline.png"]);
    expect(manifest.id).toBe("00000000-0000-4000-8000-000000000001");
    expect(manifest.bots[0].botId).toBe("00000000-0000-4000-8000-000000000002");
    expect(manifest.validDomains).toEqual(["localhost"]);
    expect(JSON.stringify(manifest)).not.toContain("${{");
    expect(await zip.file("en.json")!.async("string")).not.toContain("${{");
  });

  it("uses env/.env.dev when no environment is given, and fills every placeholder from it", async () => {
    const dirs = workspace(validEnv, "dev");
    const result = runPackage([], dirs);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);

    const { manifest } = await openZip(path.join(dirs.out, "appPackage.dev.zip"));
    expect(manifest.id).toBe(validEnv.TEAMS_APP_ID);
    expect(manifest.bots[0].botId).toBe(validEnv.BOT_ID);
    expect(manifest.composeExtensions[0].botId).toBe(validEnv.BOT_ID);
    expect(manifest.webApplicationInfo).toEqual({ id: validEnv.BOT_ID, resource: `api://botid-${validEnv.BOT_ID}` });
    expect(manifest.validDomains).toEqual([validEnv.BOT_DOMAIN]);
    expect(manifest.developer).toEqual({
      name: validEnv.DEVELOPER_NAME,
      websiteUrl: validEnv.DEVELOPER_WEBSITE_URL,
      privacyUrl: validEnv.DEVELOPER_PRIVACY_URL,
      termsOfUseUrl: validEnv.DEVELOPER_TERMS_OF_USE_URL,
    });
    expect(manifest.name.short).toBe("Stå kvar (dev)");
  });

  it("accepts the environment as a plain argument and lets env/.env.<environment>.user override values", async () => {
    const dirs = workspace(validEnv, "local");
    writeEnv(dirs.envDir, "local", { BOT_DOMAIN: "tunnel.example.se" }, ".user");
    const result = runPackage(["local"], dirs);
    expect(result.status).toBe(0);
    const { manifest } = await openZip(path.join(dirs.out, "appPackage.local.zip"));
    expect(manifest.validDomains).toEqual(["tunnel.example.se"]);
  });

  it("fails and writes no zip when a placeholder has no value, naming the variable", () => {
    const { BOT_DOMAIN: _omitted, ...withoutDomain } = validEnv;
    const dirs = workspace({ ...withoutDomain, TEAMS_APP_ID: "" });
    const result = runPackage(["--env", "dev"], dirs);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("${{BOT_DOMAIN}} has no value; set BOT_DOMAIN");
    expect(result.stderr).toContain("${{TEAMS_APP_ID}} has no value");
    expect(existsSync(path.join(dirs.out, "appPackage.dev.zip"))).toBe(false);
  });

  it("fails on a colour icon of the wrong size", () => {
    const dirs = workspace();
    writeFileSync(path.join(dirs.pkg, "color.png"), solidPng(100, 100, [31, 58, 95, 255]));
    const result = runPackage([], dirs);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("color.png is 100×100 pixels; Teams requires 192×192");
  });

  it("fails on an outline icon that is not white on transparent", () => {
    const dirs = workspace();
    writeFileSync(path.join(dirs.pkg, "outline.png"), solidPng(32, 32, [31, 58, 95, 255]));
    const result = runPackage([], dirs);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("outline.png has no transparent pixels");
    expect(result.stderr).toContain("outline.png has 1024 non-white visible pixel(s)");
  });

  it("fails when the filled manifest breaks the Teams schema (offline, bundled schema)", () => {
    const dirs = workspace();
    const manifest = JSON.parse(readFileSync(path.join(dirs.pkg, "manifest.json"), "utf8"));
    manifest.bots[0].scopes = ["personal", "everywhere"];
    writeFileSync(path.join(dirs.pkg, "manifest.json"), JSON.stringify(manifest, null, 2));
    const result = runPackage([], dirs);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/manifest\.json does not match its schema: \/bots\/0\/scopes\/1/);
  });

  it("fails when the English language file has a key the localization schema does not allow", () => {
    const dirs = workspace();
    const en = JSON.parse(readFileSync(path.join(dirs.pkg, "en.json"), "utf8"));
    en["bots[0].commandLists[0].commands[0].titel"] = "menu";
    writeFileSync(path.join(dirs.pkg, "en.json"), JSON.stringify(en, null, 2));
    const result = runPackage([], dirs);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("en.json does not match its schema");
  });

  it("refuses an unknown environment", () => {
    const result = runPackage(["--env", "prod"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Unknown environment "prod"; use one of: dev, local, playground');
  });
});

describe("the manifest template", () => {
  const manifest = JSON.parse(readFileSync(path.join(appPackageDir, "manifest.json"), "utf8"));

  it("uses the newest Teams schema (≥ 1.24) that @microsoft/app-manifest bundles", () => {
    const bundled = path.join(repoRoot, "node_modules/@microsoft/app-manifest/build/json-schemas/teams");
    const newest = (require("node:fs").readdirSync(bundled) as string[])
      .filter((name) => /^v\d+\.\d+$/.test(name))
      .map((name) => name.slice(1))
      .sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]))
      .at(-1);
    expect(manifest.manifestVersion).toBe(newest);
    expect(Number(manifest.manifestVersion.split(".")[1])).toBeGreaterThanOrEqual(24);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
  });

  it("has a bot for personal chats, group chats and teams, with each scope's commands, and the searchHelp query command", () => {
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].scopes).toEqual(["personal", "groupChat", "team"]);
    const [personal, group] = manifest.bots[0].commandLists;
    const titles = (list: { commands: Array<{ title: string }> }) => list.commands.map((c) => c.title);
    expect(personal.scopes).toEqual(["personal"]);
    expect(titles(personal)).toEqual(
      expect.arrayContaining(["meny", "fortsätt", "akut", "dokumentera", "mina reflektioner", "admin"]),
    );
    // In a group only what is safe to do in front of others: no command that shows a person's own records.
    expect(group.scopes).toEqual(["groupChat", "team"]);
    expect(titles(group)).toEqual([
      "starta tema 1",
      "starta tema 2",
      "starta tema 3",
      "starta tema 4",
      "hjälp",
      "akut",
    ]);
    const [command] = manifest.composeExtensions[0].commands;
    expect(command).toMatchObject({ id: "searchHelp", type: "query" });
    expect(command.parameters.map((p: { name: string }) => p.name)).toEqual(["query"]);
  });

  it("is Swedish by default with an English language file that translates every command", () => {
    expect(manifest.localizationInfo.defaultLanguageTag).toBe("sv-se");
    const [english] = manifest.localizationInfo.additionalLanguages;
    const en = JSON.parse(readFileSync(path.join(appPackageDir, english.file), "utf8"));
    manifest.bots[0].commandLists.forEach((list: { commands: unknown[] }, l: number) => {
      list.commands.forEach((_: unknown, i: number) => {
        expect(en[`bots[0].commandLists[${l}].commands[${i}].title`]).toBeTruthy();
      });
    });
    expect(en["composeExtensions[0].commands[0].title"]).toBeTruthy();
  });
});

describe("the icons", () => {
  it.each(["color", "outline"] as const)("%s.png is exactly what icons-src/%s.svg renders to", (kind) => {
    const committed = PNG.sync.read(readFileSync(path.join(appPackageDir, `${kind}.png`)));
    const rendered = PNG.sync.read(renderIcon(path.join(appPackageDir, "icons-src"), kind));
    expect([committed.width, committed.height]).toEqual([rendered.width, rendered.height]);
    expect(committed.data.equals(rendered.data)).toBe(true);
  });
});

describe("validating a zip", () => {
  it("refuses files in folders and files the manifest does not use", async () => {
    const out = tempDir();
    expect(runPackage(["--env", "playground", "--out-dir", out]).status).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, "appPackage.playground.zip")));
    const outline = await zip.file("outline.png")!.async("nodebuffer");
    zip.remove("outline.png");
    zip.file("icons/outline.png", outline);
    zip.file("notes.txt", "hello");

    const problems = await validateAppPackage(await zip.generateAsync({ type: "nodebuffer" }));
    expect(problems).toEqual(
      expect.arrayContaining([
        '"icons/" is in a folder; every file must be at the root of the zip',
        "outline.png (the outline icon) is not at the root of the zip",
        '"notes.txt" is in the zip but the manifest does not use it',
      ]),
    );
  });
});
