import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "./database";
import { splitSqlStatements } from "./sql-statements";

/**
 * Applies `prisma/migrations/<name>/migration.sql` files in-process (the Prisma 6 CLI cannot migrate
 * through these driver adapters), bookkeeping in Prisma's own `_prisma_migrations` table so that
 * `prisma migrate status` / `migrate dev` keep working against the same database.
 */
export async function applyMigrations(
  db: Database,
  migrationsDir: string = defaultMigrationsDir(),
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(migrationsDir);
  const applied: string[] = [];
  for (const migration of migrations) {
    if (await applyMigrationOnce(db, migration)) {
      applied.push(migration.name);
    }
  }
  return { applied };
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrationRecord {
  checksum: string;
  finished_at: Date | null;
}

// The key Prisma Migrate itself locks, so this migrator and the Prisma CLI also exclude each other.
const MIGRATION_LOCK_KEY = 72707369;

// A migration may rewrite big tables; Prisma's 5 s default for interactive transactions is too short.
const MIGRATION_TIMEOUT_MS = 10 * 60 * 1000;

// Same definition as Prisma Migrate's, so the CLI recognises the table.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/**
 * One transaction per migration, each starting with the advisory lock: two instances starting
 * together queue on the lock, and the second then finds the migration recorded and skips it.
 * The SQL and its record commit together, so a failed migration leaves no trace to clean up.
 */
async function applyMigrationOnce(db: Database, migration: MigrationFile): Promise<boolean> {
  return db.prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
      await tx.$executeRawUnsafe(CREATE_MIGRATIONS_TABLE);
      const records = await tx.$queryRawUnsafe<MigrationRecord[]>(
        `SELECT checksum, finished_at FROM "_prisma_migrations"
         WHERE migration_name = $1 AND rolled_back_at IS NULL`,
        migration.name,
      );
      if (records.length > 0) {
        assertRecordedMigrationMatches(migration, records);
        return false;
      }
      for (const statement of splitSqlStatements(migration.sql)) {
        try {
          await tx.$executeRawUnsafe(statement);
        } catch (error) {
          throw new Error(`Migration "${migration.name}" failed: ${errorMessage(error)}`, { cause: error });
        }
      }
      await tx.$executeRawUnsafe(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
        randomUUID(),
        migration.checksum,
        migration.name,
      );
      return true;
    },
    { timeout: MIGRATION_TIMEOUT_MS, maxWait: MIGRATION_TIMEOUT_MS },
  );
}

function assertRecordedMigrationMatches(migration: MigrationFile, records: MigrationRecord[]): void {
  // A record without finished_at comes from a Prisma CLI run that failed half-way.
  if (records.some((record) => record.finished_at === null)) {
    throw new Error(
      `Migration "${migration.name}" is recorded as failed in _prisma_migrations; ` +
        `resolve it (prisma migrate resolve) before starting the bot.`,
    );
  }
  const mismatch = records.find((record) => !matchesChecksum(migration.sql, record.checksum));
  if (mismatch) {
    throw new Error(
      `Migration "${migration.name}" was changed after it was applied: checksum in the database ` +
        `${mismatch.checksum}, file ${migration.checksum}. Restore the file and put the change in a new migration.`,
    );
  }
}

export function migrationChecksum(sql: string | Buffer): string {
  return createHash("sha256").update(sql).digest("hex");
}

// Like Prisma, accept a file whose only change is its line endings (e.g. a Windows checkout).
function matchesChecksum(sql: string, checksum: string): boolean {
  const lf = sql.replace(/\r\n/g, "\n");
  return [sql, lf, lf.replace(/\n/g, "\r\n")].some((variant) => migrationChecksum(variant) === checksum);
}

async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const bytes = await readFile(file).catch((error: unknown) => {
        throw new Error(`Migration "${name}" has no readable ${file}: ${errorMessage(error)}`, { cause: error });
      });
      return { name, sql: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
    }),
  );
}

// Found by walking up to package.json, so it holds for src/ run by tsx and for compiled dist/ output.
function defaultMigrationsDir(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json above ${__dirname}; pass the migrations folder explicitly.`);
    }
    dir = parent;
  }
  return path.join(dir, "prisma", "migrations");
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
