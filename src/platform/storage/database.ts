import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "../../generated/prisma";
import { logger } from "../logger";
import { HotStatements } from "./hot-statements";
import { createPgliteAdapter } from "./pglite-adapter";
import { initialisePgliteDataDir } from "./pglite-initdb";
import { pgliteDataDir, pgliteLockFile } from "./pglite-location";
import { acquireProcessLock } from "./process-lock";
import { pgConnection, pgliteConnection } from "./sql-connection";
import { turnAware } from "./turn-aware-adapter";
import { pgliteTurnTransactions, pgTurnTransactions } from "./turn-connections";
import type { TurnTransactions } from "./turn-transaction";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  readonly prisma: PrismaClient;
  readonly kind: DatabaseKind;
  /** The statements every turn runs, through the driver beside Prisma, in the turn's transaction. */
  readonly hot: HotStatements;
  /** Where each turn takes the connection its one transaction runs on (turn-transaction.ts). */
  readonly turns: TurnTransactions;
  /** True when the database answers `SELECT 1`; false (never throws) when it is unreachable. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string. Without it the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  dataDir: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl);
  }
  return openPglite(options.dataDir);
}

/** One pool for Prisma, the hot statements and the turns, each of which holds one client for its transaction. */
async function openPostgres(connectionString: string): Promise<Database> {
  const pool = new Pool({ connectionString });
  // An idle client's connection can end under it (a server restart, a dropped database); the pool then
  // discards the client. Prisma listens only while connected, and an unheard pool error ends the process.
  pool.on("error", (error) => logger.warn({ err: { message: error.message } }, "idle database connection lost"));
  const prisma = new PrismaClient({ adapter: turnAware(new PrismaPg(pool)) });
  const hot = new HotStatements(pgConnection(pool));
  return closableDatabase("postgres", prisma, hot, pgTurnTransactions(pool), async () => {
    await prisma.$disconnect();
    await pool.end();
  });
}

/**
 * Postgres's defaults are sized for a server of its own; in the bot's process the buffers would be
 * 128 MB of WASM memory before the first row. The bot's working set is small, and the OS page cache
 * under the data folder still holds what Postgres's own buffers drop. Postgres touches all of shared_buffers
 * when it starts, so they count in full: PGlite's WASM memory (128 MB reserved, only touched pages resident)
 * is 29 MB resident after open, 21 MB with 8 MB buffers, and grows < 1 MB through the migrations and the load.
 */
export const pgliteStartParams: readonly string[] = [
  ...PGlite.defaultStartParams,
  ...["-c", "shared_buffers=16MB", "-c", "work_mem=1MB", "-c", "wal_buffers=1MB"],
];

/*
 * Crash safety, checked by test/storage/pglite-persistence.test.ts (a child process writes, then is SIGKILLed):
 * - PGlite's NodeFS mounts `pgdata` straight into the WASM file system, so each Postgres write is a
 *   real write() to those files, done before the query resolves (relaxedDurability stays false).
 *   A killed process loses nothing committed; the next open replays the WAL like any crashed Postgres.
 *   (There is no fsync to the disk, so a power cut can still lose the last commits.)
 * - A SIGKILL leaves `postmaster.pid` behind. It needs no cleanup: the WASM Postgres always runs as
 *   pid 42, so the next open sees the lock as its own and takes it over.
 * - A fresh folder is initialised by a child process (see pglite-initdb.ts) into a side folder that is
 *   renamed into place when complete, so a crash during initdb leaves no half-made database.
 * - The flip side: nothing in PGlite stops two processes opening the same `pgdata` at once, which
 *   corrupts it; the process lock beside the folder refuses the second one.
 */
async function openPglite(dataDir: string): Promise<Database> {
  const dir = pgliteDataDir(dataDir);
  // Only the parent: initdb creates the data folder itself, so a missing folder means "not yet made".
  mkdirSync(path.dirname(dir), { recursive: true });
  const releaseLock = acquireProcessLock(pgliteLockFile(dataDir));
  try {
    await initialisePgliteDataDir(dir);
    const pglite = await PGlite.create(dir, { startParams: [...pgliteStartParams] });
    const prisma = new PrismaClient({ adapter: turnAware(createPgliteAdapter(pglite)) });
    const hot = new HotStatements(pgliteConnection(pglite));
    return closableDatabase("pglite", prisma, hot, pgliteTurnTransactions(pglite), async () => {
      await prisma.$disconnect();
      // PGlite's close does not wait for a statement still running on its one connection (a background
      // sweep's, say), which then fails inside PGlite where no caller hears it; a statement queued behind
      // it does wait, so the close comes after it.
      await pglite.query("SELECT 1").catch(() => undefined);
      await pglite.close();
      releaseLock();
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
}

// Prisma silently reconnects after $disconnect, so "closed" has to be tracked here for ping to see it.
function closableDatabase(
  kind: DatabaseKind,
  prisma: PrismaClient,
  hot: HotStatements,
  turns: TurnTransactions,
  release: () => Promise<void>,
): Database {
  let closing: Promise<void> | undefined;
  return {
    prisma,
    kind,
    hot,
    turns,
    ping: async () => !closing && (await answersSelectOne(prisma)),
    close: () => (closing ??= release()),
  };
}

async function answersSelectOne(prisma: PrismaClient): Promise<boolean> {
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
