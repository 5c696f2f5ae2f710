import { readdirSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/platform/storage/database";
import { applyMigrations, migrationChecksum } from "../../src/platform/storage/migrate";
import { postgresAvailable } from "../support/postgres";
import { createDatabaseTarget, DATABASE_KINDS, type DatabaseTarget } from "../support/database-targets";

const REPO_MIGRATIONS = path.resolve(__dirname, "../../prisma/migrations");
const INIT = "20261125172739_init";
/** Every migration the repository ships, in the order they apply. */
const ALL = readdirSync(REPO_MIGRATIONS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
}

async function migrationRows(db: Database): Promise<MigrationRow[]> {
  return db.prisma.$queryRawUnsafe<MigrationRow[]>(
    `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
  );
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tsf-migrations-"));
  await cp(REPO_MIGRATIONS, dir, { recursive: true });
  return dir;
}

describe("applyMigrations", async () => {
  const pgAvailable = await postgresAvailable;

  for (const kind of DATABASE_KINDS) {
    describe.skipIf(kind === "postgres" && !pgAvailable)(`on ${kind}`, () => {
      let target: DatabaseTarget;
      let db: Database;
      const tempDirs: string[] = [];

      beforeEach(async () => {
        target = await createDatabaseTarget(kind);
        db = await openDatabase(target.options);
      });

      afterEach(async () => {
        await db.close();
        await target.cleanup();
        await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
      });

      it("applies every migration to an empty database and records it like Prisma Migrate", async () => {
        const result = await applyMigrations(db);

        expect(result.applied).toEqual(ALL);
        const rows = await migrationRows(db);
        expect(rows).toHaveLength(ALL.length);
        expect(rows[0]).toMatchObject({ migration_name: INIT, applied_steps_count: 1 });
        expect(rows[0]!.finished_at).toBeInstanceOf(Date);
        expect(rows[0]!.checksum).toBe(
          migrationChecksum(await readFile(path.join(REPO_MIGRATIONS, INIT, "migration.sql"))),
        );
        expect(await db.prisma.botState.count()).toBe(0);
        expect(await db.prisma.themeProgress.count()).toBe(0);
        expect(await db.prisma.reflection.count()).toBe(0);
      });

      it("applies nothing on a second run", async () => {
        await applyMigrations(db);

        expect(await applyMigrations(db)).toEqual({ applied: [] });
        expect(await migrationRows(db)).toHaveLength(ALL.length);
      });

      it("applies only the migrations added since the last run, in name order", async () => {
        const dir = await copyOfMigrations();
        tempDirs.push(dir);
        await applyMigrations(db, dir);
        for (const [name, sql] of [
          ["20991231000002_second", `CREATE TABLE "second" ("id" TEXT PRIMARY KEY);`],
          [
            "20991231000001_first",
            `CREATE TABLE "first" ("id" TEXT PRIMARY KEY);\nINSERT INTO "first" VALUES ('a;b');`,
          ],
        ]) {
          await mkdir(path.join(dir, name!));
          await writeFile(path.join(dir, name!, "migration.sql"), sql!);
        }

        expect(await applyMigrations(db, dir)).toEqual({ applied: ["20991231000001_first", "20991231000002_second"] });
        expect(await db.prisma.$queryRawUnsafe(`SELECT id FROM "first"`)).toEqual([{ id: "a;b" }]);
      });

      it("refuses a migration whose file changed after it was applied, naming it", async () => {
        const dir = await copyOfMigrations();
        tempDirs.push(dir);
        await applyMigrations(db, dir);
        await writeFile(path.join(dir, INIT, "migration.sql"), `CREATE TABLE "something_else" ("id" TEXT);`);

        await expect(applyMigrations(db, dir)).rejects.toThrow(
          new RegExp(`Migration "${INIT}" was changed after it was applied`),
        );
      });

      it("rolls back a failing migration entirely and records nothing", async () => {
        const dir = await copyOfMigrations();
        tempDirs.push(dir);
        await applyMigrations(db, dir);
        const name = "20991231000001_broken";
        await mkdir(path.join(dir, name));
        await writeFile(
          path.join(dir, name, "migration.sql"),
          `CREATE TABLE "half" ("id" TEXT);\nSELECT * FROM "no_such_table";`,
        );

        await expect(applyMigrations(db, dir)).rejects.toThrow(new RegExp(`Migration "${name}" failed`));
        const halfTable = await db.prisma.$queryRawUnsafe<unknown[]>(
          `SELECT 1 FROM pg_tables WHERE tablename = 'half'`,
        );
        expect(halfTable).toHaveLength(0);
        expect((await migrationRows(db)).map((row) => row.migration_name)).toEqual(ALL);
      });

      it("applies each migration once when two runs start at the same time", async () => {
        // PGlite allows one process per folder, so there the two runs share one connection.
        const second = kind === "postgres" ? await openDatabase(target.options) : db;
        try {
          const results = await Promise.all([applyMigrations(db), applyMigrations(second)]);

          expect(results.flatMap((result) => result.applied).sort()).toEqual(ALL);
          expect(await migrationRows(db)).toHaveLength(ALL.length);
        } finally {
          if (second !== db) await second.close();
        }
      });
    });
  }
});
