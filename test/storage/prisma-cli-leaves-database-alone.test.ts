import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/platform/storage/database";

/**
 * `npm install` runs `prisma generate` (our postinstall) and `prisma -v` (@prisma/client's). In a checkout
 * where the bot has run they must finish at once and leave the bot's embedded database alone; a command
 * that does need the database refuses while the bot has it open. Run in a copy of the project's Prisma
 * files, so the generated client the other tests use is not rewritten underneath them.
 */
const root = path.resolve(__dirname, "../..");
const cliTimeoutMs = 90_000;

let project: string;
let pgdata: string;

beforeAll(async () => {
  project = mkdtempSync(path.join(os.tmpdir(), "tsf-prisma-cli-"));
  for (const file of [
    "package.json",
    "prisma.config.ts",
    "prisma",
    "src/platform/storage/pglite-location.ts",
    "src/platform/storage/process-lock.ts",
  ])
    cpSync(path.join(root, file), path.join(project, file), { recursive: true });
  symlinkSync(realpathSync(path.join(root, "node_modules")), path.join(project, "node_modules"));
  // The bot has run here: its embedded database exists in ./data.
  const bot = await openDatabase({ dataDir: path.join(project, "data") });
  await bot.close();
  pgdata = path.join(project, "data", "pgdata");
  mkdirSync(pgdata, { recursive: true });
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function prisma(...args: string[]): Promise<{ code: number; output: string; ms: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      path.join(project, "node_modules", ".bin", "prisma"),
      args,
      { cwd: project, env, timeout: cliTimeoutMs, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, output: `${stdout}${stderr}`, ms: Date.now() - started });
      },
    );
  });
}

/** Every file in the database folder with its size and modification time: any open would change it. */
function snapshot(dir: string): string[] {
  const entries: string[] = [];
  const visit = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      const stat = statSync(full);
      if (stat.isDirectory()) visit(full);
      else entries.push(`${path.relative(dir, full)} ${stat.size} ${stat.mtimeMs}`);
    }
  };
  visit(dir);
  return entries.sort();
}

describe("the Prisma CLI in a checkout where the bot has run", () => {
  it.each([["generate"], ["-v"]])(
    "`prisma %s` finishes without opening the embedded database",
    async (command) => {
      const before = snapshot(pgdata);
      const result = await prisma(command);
      expect(result.code, result.output).toBe(0);
      expect(snapshot(pgdata)).toEqual(before);
      expect(existsSync(`${pgdata}.lock`)).toBe(false);
    },
    cliTimeoutMs + 10_000,
  );

  describe("while the bot has the database open", () => {
    let bot: Database;
    beforeAll(async () => {
      bot = await openDatabase({ dataDir: path.join(project, "data") });
    });
    afterAll(() => bot?.close());

    it.each([["generate"], ["-v"]])(
      "`prisma %s` still finishes, and the bot's lock stays the bot's",
      async (command) => {
        const result = await prisma(command);
        expect(result.code, result.output).toBe(0);
        expect(await bot.ping()).toBe(true);
      },
      cliTimeoutMs + 10_000,
    );

    it(
      "`prisma migrate status` refuses, naming the process that has the database",
      async () => {
        const result = await prisma("migrate", "status");
        expect(result.code).not.toBe(0);
        expect(result.output).toContain(`is in use by another process (pid ${process.pid})`);
        expect(await bot.ping()).toBe(true);
      },
      cliTimeoutMs + 10_000,
    );
  });
});
