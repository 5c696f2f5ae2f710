import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
 * SQL that takes the schema as of the last committed migration to prisma/schema.prisma as it is now.
 * (Prisma 6's `migrate dev` cannot replay migrations through our driver adapters, but diffing two
 * schema files needs no database.) Every migration is committed together with its schema change.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write("Usage: npm run db:migration -- <name_in_snake_case>\n");
  process.exit(2);
}
const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
const lastMigrationCommit = git("log", "-1", "--format=%H", "--", "prisma/migrations");
const before = path.join(mkdtempSync(path.join(os.tmpdir(), "tsf-migration-")), "schema.prisma");
writeFileSync(before, git("show", `${lastMigrationCommit}:prisma/schema.prisma`) + "\n");

const sql = execFileSync(
  "npx",
  [
    "prisma",
    "migrate",
    "diff",
    "--from-schema-datamodel",
    before,
    "--to-schema-datamodel",
    "prisma/schema.prisma",
    "--script",
  ],
  // The Prisma config opens a database adapter even for a file-to-file diff; give it a throwaway one.
  { encoding: "utf8", env: { ...process.env, DATABASE_URL: "", DATA_DIR: path.dirname(before) } },
);
if (!/CREATE|ALTER|DROP/.test(sql)) {
  process.stdout.write("prisma/schema.prisma has no change since the last migration.\n");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
process.stdout.write(`Wrote ${dir}/migration.sql\n`);
