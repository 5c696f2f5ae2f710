import type { PrismaClient } from "../../generated/prisma";
import type { FieldCipher } from "./field-cipher";

export const rotatedTables = ["reflection", "incident", "download"] as const;
export type RotatedTable = (typeof rotatedTables)[number];

export interface RotationReport {
  keyId: string;
  /** Records re-sealed under the current key, per table. */
  rotated: Record<RotatedTable, number>;
  /** Records that could not be opened (their key is not configured); they are left as they are. */
  failed: Record<RotatedTable, number>;
  /** Records still under another key afterwards (the failed ones, and any written meanwhile by an old instance). */
  remaining: Record<RotatedTable, number>;
}

interface SealedRow {
  id: string;
  keyId: string;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

/** The three tables with sealed fields, through one small interface. */
function tableOf(prisma: PrismaClient, table: RotatedTable) {
  const delegate = prisma[table] as unknown as {
    findMany(args: object): Promise<SealedRow[]>;
    count(args: object): Promise<number>;
  };
  return delegate;
}

/**
 * Re-seals every record that is not under the current key, in batches (one transaction each), while
 * the bot keeps running: a record is read, opened with its own key, sealed under the current key and
 * written back only if it still carries the key it was read with, so two rotations at once, or a
 * user deleting a record meanwhile, are harmless. Running it again does nothing more.
 */
export async function rotateKeys(
  prisma: PrismaClient,
  cipher: FieldCipher,
  options: { batchSize?: number } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 200;
  const keyId = cipher.currentKeyId;
  const report: RotationReport = {
    keyId,
    rotated: { reflection: 0, incident: 0, download: 0 },
    failed: { reflection: 0, incident: 0, download: 0 },
    remaining: { reflection: 0, incident: 0, download: 0 },
  };
  for (const table of rotatedTables) {
    const failedIds: string[] = [];
    for (;;) {
      const rows = await tableOf(prisma, table).findMany({
        where: { keyId: { not: keyId }, ...(failedIds.length > 0 ? { id: { notIn: failedIds } } : {}) },
        select: { id: true, keyId: true, nonce: true, ciphertext: true },
        orderBy: { id: "asc" },
        take: batchSize,
      });
      if (rows.length === 0) break;
      const updates: Array<{ row: SealedRow; nonce: Buffer; ciphertext: Buffer }> = [];
      for (const row of rows) {
        try {
          const plaintext = cipher.open(row, row.id);
          const sealed = cipher.seal(plaintext, row.id);
          updates.push({ row, nonce: Buffer.from(sealed.nonce), ciphertext: Buffer.from(sealed.ciphertext) });
        } catch {
          failedIds.push(row.id);
        }
      }
      const counts = await prisma.$transaction(
        updates.map(({ row, nonce, ciphertext }) =>
          (
            prisma[table] as unknown as {
              updateMany(args: object): Prisma$Batch;
            }
          ).updateMany({ where: { id: row.id, keyId: row.keyId }, data: { keyId, nonce, ciphertext } }),
        ),
      );
      report.rotated[table] += counts.reduce((sum, c) => sum + c.count, 0);
    }
    report.failed[table] = failedIds.length;
    report.remaining[table] = await tableOf(prisma, table).count({ where: { keyId: { not: keyId } } });
  }
  return report;
}

type Prisma$Batch = ReturnType<PrismaClient["reflection"]["updateMany"]>;
