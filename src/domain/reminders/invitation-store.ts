import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "../../generated/prisma";
import type { DeliveryOutcome, DeliveryQueue } from "./delivery-schedule";

/**
 * An official who got an invitation is not sent another for this long: a security officer can press
 * again as people get access (only the new ones are invited), and remind everyone once a month at most.
 */
export const reinviteAfterDays = 30;
const reinviteAfterMs = reinviteAfterDays * 24 * 60 * 60 * 1000;
/**
 * A round sends its invitations right after its commit, one every 250 ms; one still unsent this long
 * after the round has lost the instance that was sending it (killed, redeployed), so the sweep takes it.
 */
const resendAfterMs = 10 * 60 * 1000;
/** Teams refused it: tried again at a later sweep, this long after. */
const retryAfterMs = 15 * 60 * 1000;
/** Tries before an invitation Teams keeps refusing is given up: the official removed the app, say. */
export const maxInvitationAttempts = 3;
/**
 * A send gives up within a minute (the Bot Connector client's retry budget and timeout), so a claim this
 * old belongs to an instance that stopped in the middle of it.
 */
const abandonedClaimMs = 10 * 60 * 1000;

/** Why an invitation is not tried again (the `failure` column). */
export type InvitationFailure = "refused" | "interrupted";

export interface Invitee {
  userId: string;
  tenantId: string;
}

export interface InvitationRoundResult<T extends Invitee> {
  /** The officials this round invites, to be sent once the turn has committed; none when the round ran before. */
  toInvite: T[];
  invited: number;
  /** Reachable, but invited less than `reinviteAfterDays` ago. */
  alreadyInvited: number;
  /**
   * With access, but the bot cannot reach them: they have not installed the app, or (counted later, by
   * `settle`) Teams refused their invitation every time it was tried.
   */
  unreachable: number;
}

/** One invitation an instance has taken to send, by its round's own sends or by the resend sweep. */
export interface ClaimedInvitation extends Invitee {
  id: string;
  roundId: string;
  organisationId: string;
  /** Undefined when the organisation is gone. */
  organisationName?: string;
  /** Which take this is: settling a take that is no longer the row's latest changes nothing. */
  attempt: number;
}

type ClaimedRow = {
  id: string;
  tenant_id: string;
  user_id: string;
  organisation_id: string;
  round_id: string;
  attempts: number;
  organisation_name: string | null;
};

/**
 * Who was invited and when. One round per press of "Skicka inbjudan", keyed by the admin card it came
 * from, so the same card pressed twice or delivered twice is one round; one row per official with their
 * latest invitation, so two rounds at once (two officers, two instances) invite each official once.
 * Each invitation is sent by whoever claims it: the round's own sends after the commit, or, when those
 * never came (the instance died), the resend sweep; the claim is one conditional update, so one sender.
 * A claim whose instance died in the middle of the send is not sent again (it may have arrived): the
 * invitation goes at most once, and a refused one is given up after `maxInvitationAttempts`.
 */
export class InvitationStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Runs the round `roundId` for these reachable officials, in the turn's transaction. A round that ran
   * before answers with what it came to then and invites nobody.
   */
  async runRound<T extends Invitee>(
    roundId: string,
    organisationId: string,
    reachable: T[],
    unreachable: number,
  ): Promise<InvitationRoundResult<T>> {
    const startedAt = this.now();
    const claimed = await this.prisma.$queryRaw<Array<{ id: string }>>`
      INSERT INTO invitation_round (id, organisation_id, started_at, invited, already_invited, unreachable)
      VALUES (${roundId}::uuid, ${organisationId}::uuid, ${startedAt}, 0, 0, ${unreachable})
      ON CONFLICT (id) DO NOTHING
      RETURNING id`;
    if (claimed.length === 0) {
      const earlier = await this.prisma.invitationRound.findFirst({ where: { id: roundId, organisationId } });
      return {
        toInvite: [],
        invited: earlier?.invited ?? 0,
        alreadyInvited: earlier?.alreadyInvited ?? 0,
        unreachable: earlier?.unreachable ?? unreachable,
      };
    }
    const cutoff = new Date(startedAt.getTime() - reinviteAfterMs);
    const resendFrom = new Date(startedAt.getTime() + resendAfterMs);
    const toInvite: T[] = [];
    // In one order on every instance, so two rounds at once wait for each other instead of deadlocking.
    const ordered = [...reachable].sort((a, b) => key(a).localeCompare(key(b)));
    for (const invitee of ordered) {
      // Takes the official's row, or an old one, or one Teams refused; a row another round holds waits
      // for that round's commit.
      const taken = await this.prisma.$queryRaw<Array<{ id: string }>>`
        INSERT INTO invitation (id, tenant_id, user_id, organisation_id, round_id, invited_at, next_attempt_at)
        VALUES (${randomUUID()}::uuid, ${invitee.tenantId}, ${invitee.userId}, ${organisationId}::uuid,
          ${roundId}::uuid, ${startedAt}, ${resendFrom})
        ON CONFLICT (tenant_id, user_id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id,
          round_id = EXCLUDED.round_id, invited_at = EXCLUDED.invited_at, delivered_at = NULL, attempts = 0,
          claimed_at = NULL, next_attempt_at = EXCLUDED.next_attempt_at, given_up_at = NULL, failure = NULL
        WHERE invitation.invited_at <= ${cutoff} OR invitation.failure = ${"refused" satisfies InvitationFailure}
        RETURNING id`;
      if (taken.length > 0) toInvite.push(invitee);
    }
    const alreadyInvited = reachable.length - toInvite.length;
    await this.prisma.invitationRound.update({
      where: { id: roundId },
      data: { invited: toInvite.length, alreadyInvited },
    });
    return { toInvite, invited: toInvite.length, alreadyInvited, unreachable };
  }

  /** The round's own send of this official's invitation takes it, unless the sweep already has. */
  async claimForRound(roundId: string, invitee: Invitee): Promise<ClaimedInvitation | undefined> {
    const rows = await this.prisma.$queryRaw<ClaimedRow[]>`
      UPDATE invitation SET attempts = attempts + 1, claimed_at = ${this.now()}
      WHERE round_id = ${roundId}::uuid AND tenant_id = ${invitee.tenantId} AND user_id = ${invitee.userId}
        AND attempts = 0 AND claimed_at IS NULL AND delivered_at IS NULL AND given_up_at IS NULL
      RETURNING ${claimedColumns}`;
    return claimedOf(rows);
  }

  /**
   * The resend sweep takes the oldest invitation that is due and unsent, for this instance alone: rows
   * another instance is claiming are skipped, and the conditions are checked again on the locked row.
   */
  async claimNextUnsent(now: Date = this.now()): Promise<ClaimedInvitation | undefined> {
    const rows = await this.prisma.$queryRaw<ClaimedRow[]>`
      UPDATE invitation SET attempts = attempts + 1, claimed_at = ${now}
      WHERE claimed_at IS NULL AND delivered_at IS NULL AND given_up_at IS NULL AND id = (
        SELECT id FROM invitation
        WHERE claimed_at IS NULL AND delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= ${now}
        ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
      )
      RETURNING ${claimedColumns}`;
    return claimedOf(rows);
  }

  /**
   * What became of a claimed invitation. Sent: delivered. Not wanted any more (no access, no chat):
   * removed, and the round counts one fewer invited. Refused: tried again later, or after the last try
   * given up, and the round counts it as not reached, so what a repeated press answers stays true.
   */
  async settle(claim: ClaimedInvitation, outcome: DeliveryOutcome, now: Date = this.now()): Promise<void> {
    const held = { id: claim.id, attempts: claim.attempt, deliveredAt: null, givenUpAt: null };
    if (outcome === "sent") {
      await this.prisma.invitation.updateMany({
        where: { id: claim.id, attempts: claim.attempt, deliveredAt: null },
        data: { deliveredAt: now, claimedAt: null, givenUpAt: null, failure: null },
      });
    } else if (outcome === "notWanted") {
      await this.prisma.$transaction(async (tx) => {
        const removed = await tx.invitation.deleteMany({ where: held });
        if (removed.count > 0)
          await tx.invitationRound.updateMany({ where: { id: claim.roundId }, data: { invited: { decrement: 1 } } });
      });
    } else if (claim.attempt < maxInvitationAttempts) {
      await this.prisma.invitation.updateMany({
        where: held,
        data: { claimedAt: null, nextAttemptAt: new Date(now.getTime() + retryAfterMs) },
      });
    } else {
      await this.prisma.$transaction(async (tx) => {
        const failure: InvitationFailure = "refused";
        const givenUp = await tx.invitation.updateMany({
          where: held,
          data: { claimedAt: null, givenUpAt: now, failure },
        });
        if (givenUp.count > 0)
          await tx.invitationRound.updateMany({
            where: { id: claim.roundId },
            data: { invited: { decrement: 1 }, unreachable: { increment: 1 } },
          });
      });
    }
  }

  /**
   * For the retention sweep: invitations and rounds older than the re-invite period say nothing any more
   * and are deleted; a claim whose instance stopped in the middle of the send is given up as interrupted.
   */
  async purgeExpired(now: Date = this.now()): Promise<number> {
    const failure: InvitationFailure = "interrupted";
    await this.prisma.invitation.updateMany({
      where: {
        claimedAt: { lte: new Date(now.getTime() - abandonedClaimMs) },
        deliveredAt: null,
        givenUpAt: null,
      },
      data: { givenUpAt: now, failure },
    });
    const cutoff = new Date(now.getTime() - reinviteAfterMs);
    const invitations = await this.prisma.invitation.deleteMany({ where: { invitedAt: { lte: cutoff } } });
    await this.prisma.invitationRound.deleteMany({ where: { startedAt: { lte: cutoff } } });
    return invitations.count;
  }
}

const key = (invitee: Invitee) => `${invitee.tenantId}|${invitee.userId}`;

const claimedColumns = Prisma.sql`id, tenant_id, user_id, organisation_id, round_id, attempts,
  (SELECT name FROM organisation WHERE organisation.id = invitation.organisation_id) AS organisation_name`;

function claimedOf(rows: ClaimedRow[]): ClaimedInvitation | undefined {
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    roundId: row.round_id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name ?? undefined,
    attempt: row.attempts,
  };
}

/** Invitations a round did not get to send, for the delivery schedule. */
export function invitationResendQueue(
  store: InvitationStore,
  deliver: (invitation: ClaimedInvitation) => Promise<DeliveryOutcome>,
): DeliveryQueue<ClaimedInvitation> {
  return {
    name: "invitation",
    claimNext: (now) => store.claimNextUnsent(now),
    deliver,
    settle: (invitation, outcome, now) => store.settle(invitation, outcome, now),
  };
}
