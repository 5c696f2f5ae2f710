import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/platform/storage/database";
import { postgresAvailable } from "../support/postgres";
import { createDatabaseTarget, DATABASE_KINDS } from "../support/database-targets";

describe("openDatabase", async () => {
  const pgAvailable = await postgresAvailable;

  for (const kind of DATABASE_KINDS) {
    describe.skipIf(kind === "postgres" && !pgAvailable)(`on ${kind}`, () => {
      it("opens the kind chosen by the options and pings true while open, false once closed", async () => {
        const target = await createDatabaseTarget(kind);
        try {
          const db = await openDatabase(target.options);
          expect(db.kind).toBe(kind);
          expect(await db.ping()).toBe(true);
          await db.close();
          expect(await db.ping()).toBe(false);
        } finally {
          await target.cleanup();
        }
      });
    });
  }

  it("keeps PGlite data in <dataDir>/pgdata, creating the folders", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "tsf-database-"));
    const dataDir = path.join(root, "not", "yet", "there");
    try {
      const db = await openDatabase({ dataDir });
      await db.close();
      expect((await stat(path.join(dataDir, "pgdata", "PG_VERSION"))).isFile()).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("pings false, without throwing, when PostgreSQL is unreachable", async () => {
    const db = await openDatabase({ databaseUrl: "postgresql://postgres@127.0.0.1:1/none", dataDir: os.tmpdir() });
    try {
      expect(await db.ping()).toBe(false);
    } finally {
      await db.close();
    }
  });
});
