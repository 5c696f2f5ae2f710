import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import {
  openDatabase,
  type Database,
  type DatabaseKind,
  type DatabaseOptions,
} from "../../src/platform/storage/database";
import { applyMigrations } from "../../src/platform/storage/migrate";
import { createTestDatabase, postgresAvailable } from "../support/postgres";

export const DATABASE_KINDS: readonly DatabaseKind[] = ["pglite", "postgres"];

/** Each database kind with whether its tests can run here: PostgreSQL only where a server answers. */
export async function databaseKindsHere(): Promise<ReadonlyArray<readonly [DatabaseKind, boolean]>> {
  return [
    ["pglite", true],
    ["postgres", await postgresAvailable],
  ];
}

/** Options for `openDatabase` pointing at a new, empty database of the given kind. */
export interface DatabaseTarget {
  options: DatabaseOptions;
  cleanup(): Promise<void>;
}

export async function createDatabaseTarget(kind: DatabaseKind): Promise<DatabaseTarget> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tsf-storage-test-"));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  if (kind === "pglite") {
    return { options: { dataDir }, cleanup: removeDataDir };
  }
  const database = await createTestDatabase();
  if (!database) {
    throw new Error("PostgreSQL is not reachable; this suite should have been skipped");
  }
  return {
    options: { databaseUrl: database.url, dataDir },
    cleanup: async () => {
      await database.drop();
      await removeDataDir();
    },
  };
}

/** A new, migrated database of `kind` for one describe block: opened in beforeAll, closed and dropped in afterAll. */
export function useMigratedDatabase(kind: DatabaseKind): { readonly db: Database } {
  let target: DatabaseTarget | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    target = await createDatabaseTarget(kind);
    db = await openDatabase(target.options);
    await applyMigrations(db);
  });
  afterAll(async () => {
    await db?.close();
    await target?.cleanup();
  });
  return {
    get db() {
      if (!db) throw new Error("The database opens in beforeAll; read it inside a test");
      return db;
    },
  };
}
