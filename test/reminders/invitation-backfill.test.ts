import { randomUUID } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/platform/storage/database";
import { applyMigrations } from "../../src/platform/storage/migrate";
import { randomOrgNumber } from "../incidents/incident-helpers";
import { createDatabaseTarget, databaseKindsHere, type DatabaseTarget } from "../support/database-targets";

const repoMigrations = path.join(__dirname, "../../prisma/migrations");
const resendMigration = "20261201154208_invitation_resend";

/** The repository's migrations up to and including `last`, as a database deployed then had them. */
async function migrationsUpTo(last: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tsf-migrations-"));
  await cp(repoMigrations, dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (/^\d{14}_/.test(name) && name > last) await rm(path.join(dir, name), { recursive: true });
  }
  return dir;
}

describe("invitations from before the resend sweep", async () => {
  describe.each(await databaseKindsHere())("on %s", (kind, available) => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    /** A database as the resend migration left it, holding one delivered and one never-recorded invitation. */
    async function deployedBeforeTheBackfill(): Promise<{ db: Database; delivered: string; unrecorded: string }> {
      const target: DatabaseTarget = await createDatabaseTarget(kind);
      const dir = await migrationsUpTo(resendMigration);
      const db = await openDatabase(target.options);
      cleanups.push(
        target.cleanup,
        () => db.close(),
        () => rm(dir, { recursive: true, force: true }),
      );
      await applyMigrations(db, dir);
      const organisationId = randomUUID();
      await db.prisma.organisation.create({
        data: { id: organisationId, name: "Förr kommun", orgNumber: randomOrgNumber(), kind: "kommun" },
      });
      const roundId = randomUUID();
      await db.prisma.invitationRound.create({
        data: { id: roundId, organisationId, invited: 2, alreadyInvited: 0, unreachable: 0 },
      });
      const invitation = (userId: string, deliveredAt: Date | null) =>
        db.prisma.invitation.create({
          data: {
            id: randomUUID(),
            tenantId: "t-förr",
            userId,
            organisationId,
            roundId,
            invitedAt: new Date(),
            deliveredAt,
          },
        });
      const [delivered, unrecorded] = [randomUUID(), randomUUID()];
      await invitation(delivered, new Date());
      await invitation(unrecorded, null);
      return { db, delivered, unrecorded };
    }

    it.skipIf(!available)(
      "an invitation whose delivery was never recorded is given up as interrupted, not left where no sweep looks; a delivered one is untouched",
      async () => {
        const { db, delivered, unrecorded } = await deployedBeforeTheBackfill();
        await applyMigrations(db);
        const rowOf = (userId: string) => db.prisma.invitation.findFirstOrThrow({ where: { userId } });
        expect(await rowOf(unrecorded)).toMatchObject({ failure: "interrupted", deliveredAt: null });
        expect((await rowOf(unrecorded)).givenUpAt).toBeInstanceOf(Date);
        expect(await rowOf(delivered)).toMatchObject({ failure: null, givenUpAt: null });
      },
    );
  });
});
