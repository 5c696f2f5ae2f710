import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { defineConfig } from "prisma/config";
import { pgliteDataDir, pgliteLockFile } from "./src/platform/storage/pglite-location";
import { acquireProcessLock } from "./src/platform/storage/process-lock";

/**
 * For the Prisma CLI only. The bot applies migrations itself at start (src/platform/storage/migrate.ts), in-process.
 * Nothing but the bot opens DATA_DIR: most commands (`generate`, which `npm install` runs, `-v`,
 * `validate`) only ask the adapter its name, so the database is opened on the first connection a
 * command asks for (`migrate`, `db`, `studio`), and then only while no bot has it open.
 */
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      return openedOnFirstConnection("@prisma/adapter-pg", async () => {
        const { PrismaPg } = await import("@prisma/adapter-pg");
        return new PrismaPg({ connectionString: databaseUrl });
      });
    }
    const dataDir = process.env.DATA_DIR ?? "data";
    return openedOnFirstConnection("pglite-prisma-adapter", async () => {
      // Refuses, naming the bot's pid, while the bot has the database open: a second writer corrupts it.
      const release = acquireProcessLock(pgliteLockFile(dataDir));
      process.once("exit", release);
      const { mkdirSync } = await import("node:fs");
      const { PGlite } = await import("@electric-sql/pglite");
      const { PrismaPGlite } = await import("pglite-prisma-adapter");
      mkdirSync(pgliteDataDir(dataDir), { recursive: true });
      // The adapter is typed against Prisma 6.10's interface; its runtime shape is the same.
      return new PrismaPGlite(new PGlite(pgliteDataDir(dataDir))) as unknown as SqlMigrationAwareDriverAdapterFactory;
    });
  },
});

function openedOnFirstConnection(
  adapterName: string,
  open: () => Promise<SqlMigrationAwareDriverAdapterFactory>,
): SqlMigrationAwareDriverAdapterFactory {
  let opened: Promise<SqlMigrationAwareDriverAdapterFactory> | undefined;
  // The CLI reports a failed connection only as "External error id#0", so the reason is written here.
  const factory = () =>
    (opened ??= open().catch((error: unknown) => {
      process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n\n`);
      throw error;
    }));
  return {
    provider: "postgres",
    adapterName,
    connect: async () => (await factory()).connect(),
    connectToShadowDb: async () => (await factory()).connectToShadowDb(),
  };
}
