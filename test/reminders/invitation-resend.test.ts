import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  InvitationStore,
  maxInvitationAttempts,
  type ClaimedInvitation,
  type Invitee,
} from "../../src/domain/reminders/invitation-store";
import { randomOrgNumber } from "../incidents/incident-helpers";
import { DATABASE_KINDS, useMigratedDatabase } from "../support/database-targets";
import { postgresAvailable } from "../support/postgres";

/**
 * The resend sweep's side of the invitation store: an invitation its round never sent (the instance
 * died after the commit) is sent by exactly one sweeping instance, never beside the round's own send,
 * not again after an interrupted send, and given up after a bounded number of refusals.
 */
const minutes = (n: number) => n * 60 * 1000;
const round0 = new Date("2026-11-02T09:00:00Z");
const at = (offsetMinutes: number) => new Date(round0.getTime() + minutes(offsetMinutes));

describe.each(DATABASE_KINDS)("the invitation resend on %s", async (kind) => {
  const available = kind === "pglite" || (await postgresAvailable);
  if (!available) return it.skip("needs PostgreSQL");
  const target = useMigratedDatabase(kind);
  const prisma = () => target.db.prisma;
  const storeAt = (offsetMinutes: number) => new InvitationStore(prisma(), () => at(offsetMinutes));

  /** A round that committed at `round0` inviting `count` officials, none of them sent yet. */
  async function committedRound(count: number) {
    const organisationId = randomUUID();
    await prisma().organisation.create({
      data: { id: organisationId, name: "Svepby kommun", orgNumber: randomOrgNumber(), kind: "kommun" },
    });
    const tenantId = randomUUID();
    const officials: Invitee[] = Array.from({ length: count }, () => ({ tenantId, userId: randomUUID() }));
    const roundId = randomUUID();
    const result = await storeAt(0).runRound(roundId, organisationId, officials, 0);
    expect(result.invited).toBe(count);
    return { organisationId, roundId, officials };
  }
  const rowOf = (invitee: Invitee) =>
    prisma().invitation.findUniqueOrThrow({
      where: { tenantId_userId: { tenantId: invitee.tenantId, userId: invitee.userId } },
    });
  /** Everything the sweep can take at that time, as one instance would, each sent at once. */
  async function sweepAll(offsetMinutes: number): Promise<ClaimedInvitation[]> {
    const store = storeAt(offsetMinutes);
    const taken: ClaimedInvitation[] = [];
    for (let claim = await store.claimNextUnsent(); claim; claim = await store.claimNextUnsent()) {
      taken.push(claim);
      await store.settle(claim, "sent");
    }
    return taken;
  }
  const ofRound = (claims: ClaimedInvitation[], roundId: string) => claims.filter((c) => c.roundId === roundId);

  it("leaves a fresh round to its own sends, and after the grace period sends each unsent invitation once", async () => {
    const { roundId, officials } = await committedRound(3);
    expect(ofRound(await sweepAll(1), roundId)).toEqual([]);

    const taken = ofRound(await sweepAll(11), roundId);
    expect(taken.map((c) => c.userId).sort()).toEqual(officials.map((o) => o.userId).sort());
    expect(taken.every((c) => c.organisationName === "Svepby kommun" && c.attempt === 1)).toBe(true);
    for (const official of officials) expect((await rowOf(official)).deliveredAt).toEqual(at(11));
    expect(ofRound(await sweepAll(30), roundId)).toEqual([]);
  });

  it("never lets the round's own send and the sweep both take one invitation", async () => {
    const { roundId, officials } = await committedRound(2);
    const [sentByRound, sentBySweep] = officials;
    const roundClaim = await storeAt(0).claimForRound(roundId, sentByRound);
    expect(roundClaim?.userId).toBe(sentByRound.userId);

    const swept = ofRound(await sweepAll(11), roundId);
    expect(swept.map((c) => c.userId)).toEqual([sentBySweep.userId]);
    // The round's send, late, finds the sweep has it.
    expect(await storeAt(11).claimForRound(roundId, sentBySweep)).toBeUndefined();
    await storeAt(11).settle(roundClaim!, "sent");
    expect((await rowOf(sentByRound)).deliveredAt).toEqual(at(11));
  });

  it("takes each invitation once when many claim at the same moment", async () => {
    const { roundId, officials } = await committedRound(12);
    const store = storeAt(11);
    const claimers = Array.from({ length: 6 }, async () => {
      const taken: string[] = [];
      for (let claim = await store.claimNextUnsent(); claim; claim = await store.claimNextUnsent()) {
        if (claim.roundId === roundId) taken.push(claim.userId);
        await store.settle(claim, "sent");
      }
      return taken;
    });
    const taken = (await Promise.all(claimers)).flat();
    expect(taken.sort()).toEqual(officials.map((o) => o.userId).sort());
  });

  it("tries an invitation Teams refuses again later, gives it up after the last try as refused and counts it as not reached; the next round invites them again", async () => {
    const { organisationId, roundId, officials } = await committedRound(2);
    const [refusing, reached] = officials;
    const tries: number[] = [];
    for (let minute = 11; minute <= 120; minute++) {
      const store = storeAt(minute);
      for (let claim = await store.claimNextUnsent(); claim; claim = await store.claimNextUnsent()) {
        if (claim.roundId !== roundId) continue;
        if (claim.userId === refusing.userId) tries.push(minute);
        await store.settle(claim, claim.userId === refusing.userId ? "notDelivered" : "sent");
      }
    }
    expect(tries).toHaveLength(maxInvitationAttempts);
    // Spaced out, not one try after the other in the same sweep.
    expect(tries[1] - tries[0]).toBeGreaterThanOrEqual(15);
    const givenUp = await rowOf(refusing);
    expect(givenUp).toMatchObject({ failure: "refused", deliveredAt: null, claimedAt: null });
    expect(givenUp.givenUpAt).toEqual(at(tries[tries.length - 1]));
    expect((await rowOf(reached)).deliveredAt).not.toBeNull();
    expect(await prisma().invitationRound.findUniqueOrThrow({ where: { id: roundId } })).toMatchObject({
      invited: 1,
      unreachable: 1,
    });

    const next = await storeAt(200).runRound(randomUUID(), organisationId, officials, 0);
    expect(next.toInvite.map((o) => o.userId)).toEqual([refusing.userId]);
    expect(next.alreadyInvited).toBe(1);
  });

  it("does not send again an invitation whose instance stopped in the middle of sending it: the retention sweep records it as interrupted", async () => {
    const { organisationId, roundId, officials } = await committedRound(2);
    const [inFlight, neverStarted] = officials;
    expect(await storeAt(0).claimForRound(roundId, inFlight)).toBeDefined();
    // The instance dies here.
    const swept = ofRound(await sweepAll(11), roundId);
    expect(swept.map((c) => c.userId)).toEqual([neverStarted.userId]);

    expect(await storeAt(5).purgeExpired()).toBe(0);
    expect(await rowOf(inFlight)).toMatchObject({ givenUpAt: null, failure: null });
    await storeAt(11).purgeExpired();
    expect(await rowOf(inFlight)).toMatchObject({ givenUpAt: at(11), failure: "interrupted", deliveredAt: null });
    expect(ofRound(await sweepAll(60), roundId)).toEqual([]);
    // It may have arrived: within the re-invite period it counts as an invitation.
    const next = await storeAt(60).runRound(randomUUID(), organisationId, officials, 0);
    expect(next.toInvite).toEqual([]);
    expect(next.alreadyInvited).toBe(2);
  });

  it("removes an invitation no longer wanted (no access, no chat) and counts one fewer invited", async () => {
    const { roundId, officials } = await committedRound(2);
    const store = storeAt(11);
    for (let claim = await store.claimNextUnsent(); claim; claim = await store.claimNextUnsent())
      await store.settle(claim, claim.userId === officials[0].userId ? "notWanted" : "sent");
    expect(await prisma().invitation.count({ where: { userId: officials[0].userId } })).toBe(0);
    expect((await prisma().invitationRound.findUniqueOrThrow({ where: { id: roundId } })).invited).toBe(1);
  });

  it("settles nothing with a take that is no longer the invitation's latest", async () => {
    const { roundId, officials } = await committedRound(1);
    const first = (await storeAt(0).claimForRound(roundId, officials[0]))!;
    await storeAt(0).settle(first, "notDelivered");
    const second = ofRound(await sweepAll(20), roundId);
    expect(second.map((c) => c.attempt)).toEqual([2]);
    await storeAt(21).settle(first, "notWanted");
    expect(await rowOf(officials[0])).toMatchObject({ deliveredAt: at(20), attempts: 2 });
  });
});
