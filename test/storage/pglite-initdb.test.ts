import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/platform/storage/database";
import { initialisePgliteDataDir } from "../../src/platform/storage/pglite-initdb";

describe("the embedded database's data folder and settings", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "tsf-initdb-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("initialises a fresh folder in a child process, and does nothing to one that holds a database", async () => {
    const dir = path.join(root, "pgdata");
    await mkdir(dir); // an empty folder, as earlier versions left before the first open, counts as fresh
    const initialisedBy = await initialisePgliteDataDir(dir);
    expect(initialisedBy).toEqual(expect.any(Number));
    expect(initialisedBy).not.toBe(process.pid);
    expect((await stat(path.join(dir, "PG_VERSION"))).isFile()).toBe(true);
    expect(await readdir(root)).toEqual(["pgdata"]); // the side folder it was built in is gone
    expect(await initialisePgliteDataDir(dir)).toBeUndefined();
  });

  it("refuses to touch a folder that holds other files but no database", async () => {
    const full = path.join(root, "full");
    await mkdir(full);
    await writeFile(path.join(full, "notes.txt"), "not a database");
    await expect(initialisePgliteDataDir(full)).rejects.toThrow(/holds files but no database/);
    expect(await readdir(full)).toEqual(["notes.txt"]);
  });

  it("runs the bot's PGlite with small buffers, on a fresh folder and on reopening it", async () => {
    for (const start of ["fresh", "reopened"]) {
      const db = await openDatabase({ dataDir: root });
      try {
        const settings = await db.prisma.$queryRawUnsafe<Array<Record<string, string>>>(
          "SELECT current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem, " +
            "current_setting('wal_buffers') AS wal_buffers",
        );
        expect(settings[0], start).toEqual({ shared_buffers: "16MB", work_mem: "1MB", wal_buffers: "1MB" });
        const [shown] = await db.prisma.$queryRawUnsafe<Array<{ shared_buffers: string }>>("SHOW shared_buffers");
        expect(shown.shared_buffers).toBe("16MB");
      } finally {
        await db.close();
      }
    }
  });
});
