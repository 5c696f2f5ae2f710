import type { PrismaClient } from "../../src/generated/prisma";

/** Every table the application owns (Prisma's own migration bookkeeping aside). */
export async function applicationTables(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<Array<{ table_name: string }>>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
    ORDER BY table_name`;
  return rows.map((row) => row.table_name);
}

/** A row as text: strings and JSON as they are, bytes decoded as UTF-8 and Latin-1, so plaintext cannot hide. */
export function rowText(row: Record<string, unknown>): string {
  return Object.values(row)
    .map((value) => {
      if (value instanceof Uint8Array) {
        const buffer = Buffer.from(value);
        return `${buffer.toString("utf8")} ${buffer.toString("latin1")}`;
      }
      if (value instanceof Date) return value.toISOString();
      return typeof value === "string"
        ? value
        : JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    })
    .join(" | ");
}

/** Every place in the database where one of `needles` occurs: "table: row" for each hit (case-insensitive). */
export async function findInEveryTable(prisma: PrismaClient, needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const table of await applicationTables(prisma)) {
    const rows = await prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "${table}"`);
    for (const row of rows) {
      const text = rowText(row).toLowerCase();
      for (const needle of needles)
        if (text.includes(needle.toLowerCase())) hits.push(`${table}: ${needle} in ${rowText(row).slice(0, 300)}`);
    }
  }
  return hits;
}
