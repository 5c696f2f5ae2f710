import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { defineConfig } from "prisma/config";

/**
 * For the Prisma CLI only (e.g. `npx prisma migrate dev --create-only --name <change>` to write a new
 * migration). The bot applies migrations itself at start (src/storage/migrate.ts), in-process, because
 * the embedded PGlite database can be opened by one process at a time.
 */
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    if (process.env.DATABASE_URL) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: process.env.DATABASE_URL });
    }
    const { mkdirSync } = await import("node:fs");
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const dataDir = path.resolve(process.env.DATA_DIR ?? "data", "pgdata");
    mkdirSync(dataDir, { recursive: true });
    // Stop the bot first: the embedded database can be opened by one process at a time.
    // The adapter is typed against Prisma 6.10's interface; its runtime shape is the same.
    return new PrismaPGlite(new PGlite(dataDir)) as unknown as SqlMigrationAwareDriverAdapterFactory;
  },
});
