import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DatabaseKind, DatabaseOptions } from "../../src/platform/storage/database";
import { createTestDatabase } from "../support/postgres";

export const DATABASE_KINDS: readonly DatabaseKind[] = ["pglite", "postgres"];

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
