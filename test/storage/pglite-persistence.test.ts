import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseStorage } from "../../src/teams/bot-state-storage";
import { openDatabase } from "../../src/platform/storage/database";
import { applyMigrations } from "../../src/platform/storage/migrate";

const REPO_ROOT = path.resolve(__dirname, "../..");
const WRITER = path.join(__dirname, "fixtures", "write-then-sigkill.ts");

function runWriterThatGetsKilled(
  dataDir: string,
  key: string,
  item: unknown,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", WRITER, dataDir, key, JSON.stringify(item)], { cwd: REPO_ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", () => resolve({ stdout, stderr }));
  });
}

describe("PGlite persistence", () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tsf-pglite-persist-"));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps written state across close and reopen", async () => {
    const first = await openDatabase({ dataDir });
    await applyMigrations(first);
    await new DatabaseStorage(first.hot).write({ kept: { v: [1, 2, 3] } });
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect(await applyMigrations(second)).toEqual({ applied: [] });
      expect((await new DatabaseStorage(second.hot).read(["kept"])).kept).toMatchObject({ v: [1, 2, 3] });
    } finally {
      await second.close();
    }
  });

  it("keeps state written by a process that was then killed with SIGKILL, and opens despite its stale lock", async () => {
    const first = await runWriterThatGetsKilled(dataDir, "survivor", { step: "two", at: 2 });
    expect(first.stdout, first.stderr).toContain("written");
    // A second crash on top of the first: reopening a crashed folder must work repeatedly.
    const second = await runWriterThatGetsKilled(dataDir, "second", { v: true });
    expect(second.stdout, second.stderr).toContain("written");

    const db = await openDatabase({ dataDir });
    try {
      const items = await new DatabaseStorage(db.hot).read(["survivor", "second"]);
      expect(items.survivor).toMatchObject({ step: "two", at: 2 });
      expect(items.second).toMatchObject({ v: true });
    } finally {
      await db.close();
    }
  });
});
