import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { postgresAvailable } from "../support/postgres";
import { DATABASE_KINDS, useMigratedDatabase } from "../support/database-targets";

describe("Prisma models through the driver adapters", async () => {
  const pgAvailable = await postgresAvailable;

  for (const kind of DATABASE_KINDS) {
    describe.skipIf(kind === "postgres" && !pgAvailable)(`on ${kind}`, () => {
      const database = useMigratedDatabase(kind);

      it("round-trips Bytes, UUID and DateTime columns of a reflection", async () => {
        const id = randomUUID();
        const createdAt = new Date("2025-01-02T03:04:05.678Z");
        const nonce = new Uint8Array([0, 1, 2, 254, 255]);
        const ciphertext = new Uint8Array(Buffer.from("ciphertext ✓"));
        await database.db.prisma.reflection.create({
          data: { id, userId: "u1", themeId: "t1", stepId: "s1", keyId: "k1", nonce, ciphertext, createdAt },
        });

        const read = await database.db.prisma.reflection.findUniqueOrThrow({ where: { id } });

        expect(Buffer.from(read.nonce).equals(Buffer.from(nonce))).toBe(true);
        expect(Buffer.from(read.ciphertext).equals(Buffer.from(ciphertext))).toBe(true);
        expect(read.createdAt.toISOString()).toBe(createdAt.toISOString());
        const [raw] = await database.db.prisma.$queryRawUnsafe<{ nonce: string }[]>(
          `SELECT encode(nonce, 'hex') AS nonce FROM reflection WHERE id = $1::uuid`,
          id,
        );
        expect(raw?.nonce).toBe("000102feff");
      });

      it("fills defaults and updates theme progress inside a transaction", async () => {
        await database.db.prisma.$transaction(async (tx) => {
          await tx.themeProgress.create({
            data: { userId: "u1", themeId: "t1", stepId: "a", stepIndex: 0, stepCount: 3 },
          });
          await tx.themeProgress.update({
            where: { userId_themeId: { userId: "u1", themeId: "t1" } },
            data: { stepId: "b", stepIndex: 1, completedAt: new Date("2025-06-01T12:00:00Z") },
          });
        });

        const progress = await database.db.prisma.themeProgress.findMany({ where: { userId: "u1" } });

        expect(progress).toEqual([
          expect.objectContaining({ stepId: "b", stepIndex: 1, tenantId: null, startedAt: expect.any(Date) }),
        ]);
        expect(progress[0]!.completedAt?.toISOString()).toBe("2025-06-01T12:00:00.000Z");
      });
    });
  }
});
