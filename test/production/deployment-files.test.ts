import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { productionStart } from "./compiled-bot";

const repoRoot = path.resolve(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

/** Dockerfile instructions, with line continuations joined, grouped by build stage. */
function dockerStages(): Map<string, string[]> {
  const stages = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of read("Dockerfile").replace(/\\\n/g, " ").split("\n")) {
    const instruction = line.trim();
    if (instruction === "" || instruction.startsWith("#")) continue;
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(instruction);
    if (from) stages.set(from[1], (current = []));
    current.push(instruction);
  }
  return stages;
}

describe("the Dockerfile", () => {
  const stages = dockerStages();
  const all = [...stages.values()].flat();

  it("has a build stage and a runtime stage", () => {
    expect([...stages.keys()]).toEqual(["build", "runtime"]);
  });

  it("copies only paths that exist in the repository, and .dockerignore keeps none of them out", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#") && !line.startsWith("!"));
    const sources = all
      .filter((instruction) => /^COPY\s/i.test(instruction) && !/--from=/i.test(instruction))
      .flatMap((instruction) =>
        instruction
          .split(/\s+/)
          .slice(1, -1)
          .filter((part) => !part.startsWith("--")),
      );
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect(existsSync(path.join(repoRoot, source)), `${source} is copied but does not exist`).toBe(true);
      for (const pattern of ignored) {
        expect(source === pattern || source.startsWith(`${pattern}/`), `${source} is excluded by "${pattern}"`).toBe(
          false,
        );
      }
    }
  });

  it("builds from the lock file with every file npm run build needs", () => {
    const build = stages.get("build")!.join("\n");
    expect(build).toMatch(/COPY package\.json package-lock\.json/);
    expect(build).toMatch(/RUN npm ci\b/);
    expect(build).toMatch(/RUN npm run build/);
    const tsconfig = JSON.parse(read("tsconfig.build.json")) as { include: string[] };
    for (const included of tsconfig.include) expect(build).toContain(`COPY ${included} `);
    for (const file of scripts.build.match(/scripts\/\S+\.ts/g) ?? []) {
      expect(existsSync(path.join(repoRoot, file))).toBe(true);
      expect(build).toContain("COPY scripts ");
    }
    expect(build).toContain("COPY prisma ./prisma"); // for the postinstall prisma generate
  });

  it("runs as a non-root user with production dependencies only, without the postinstall that needs the prisma CLI", () => {
    const runtime = stages.get("runtime")!.join("\n");
    expect(runtime).toMatch(/RUN npm ci --omit=dev --ignore-scripts/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain("COPY --from=build /app/dist ./dist");
    // What the compiled bot reads at run time, relative to the package root.
    for (const folder of ["content", "public", "prisma/migrations"])
      expect(runtime).toContain(`COPY ${folder} ./${folder}`);
    expect(scripts.postinstall).toBe("prisma generate");
  });

  it("starts what npm run start:prod and npm start start, with the same node flags, and checks health on /healthz", () => {
    const runtime = stages.get("runtime")!.join("\n");
    const { flags, entry } = productionStart();
    const command = ["node", ...flags, entry];
    expect(runtime).toContain(`CMD [${command.map((part) => `"${part}"`).join(", ")}]`);
    expect(scripts.start).toBe(`npm run build --silent && ${command.join(" ")}`);
    expect(runtime).toMatch(/ENV NODE_ENV=production/);
    expect(runtime).toMatch(/HEALTHCHECK .*\/healthz/);
  });
});

describe("the Microsoft 365 Agents Toolkit files", () => {
  const files = ["m365agents.yml", "m365agents.local.yml", "m365agents.playground.yml"];

  it.each(files)("%s uses only npm scripts, paths and env files that exist", (file) => {
    const text = read(file);
    const document = YAML.parse(text) as Record<string, unknown>;
    expect(document.version).toMatch(/^v1\.\d+$/);
    expect(text).toContain(`$schema=https://aka.ms/m365-agents-toolkits/${document.version}/yaml.schema.json`);

    for (const [, script] of text.matchAll(/args: run (\S+)/g)) expect(Object.keys(scripts)).toContain(script);
    for (const [, file] of text.matchAll(/(?:manifestPath|templatePath): (\.\/\S+)/g)) {
      expect(existsSync(path.join(repoRoot, file)), file).toBe(true);
    }
    const environment = file === "m365agents.yml" ? "dev" : file.split(".")[1];
    expect(existsSync(path.join(repoRoot, "env", `.env.${environment}`))).toBe(true);
  });

  it("m365agents.yml and m365agents.local.yml register the Teams app and the bot, then validate and zip appPackage/", () => {
    for (const file of files.slice(0, 2)) {
      const actions = ((YAML.parse(read(file)) as { provision: Array<{ uses: string }> }).provision ?? []).map(
        (step) => step.uses,
      );
      expect(actions).toEqual(
        expect.arrayContaining([
          "teamsApp/create",
          "botAadApp/create",
          "botFramework/create",
          "teamsApp/validateManifest",
          "teamsApp/zipAppPackage",
        ]),
      );
    }
  });

  it("keeps secrets out of the committed env files", () => {
    for (const environment of ["dev", "local", "playground"]) {
      expect(read(`env/.env.${environment}`)).not.toMatch(/^SECRET_\w+=\S/m);
    }
    expect(read(".gitignore")).toMatch(/^\*\.user$/m);
  });
});
