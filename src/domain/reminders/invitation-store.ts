import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma";

/**
 * An official who got an invitation is not sent another for this long: a security officer can press
 * again as people get access (only the new ones are invited), and remind everyone once a month at most.
 */
export const reinviteAfterDays = 30;
const reinviteAfterMs = reinviteAfterDays * 24 * 60 * 60 * 1000;

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
  /** With access, but the bot cannot reach them: they have not installed the app. */
  unreachable: number;
}

/**
 * Who was invited and when. One round per press of "Skicka inbjudan", keyed by the admin card it came
 * from, so the same card pressed twice or delivered twice is one round; one row per official with their
 * latest invitation, so two rounds at once (two officers, two instances) invite each official once.
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
    const toInvite: T[] = [];
    // In one order on every instance, so two rounds at once wait for each other instead of deadlocking.
    const ordered = [...reachable].sort((a, b) => key(a).localeCompare(key(b)));
    for (const invitee of ordered) {
      // Takes the official's row, or an old one; a row another round holds waits for that round's commit.
      const taken = await this.prisma.$queryRaw<Array<{ id: string }>>`
        INSERT INTO invitation (id, tenant_id, user_id, organisation_id, round_id, invited_at)
        VALUES (${randomUUID()}::uuid, ${invitee.tenantId}, ${invitee.userId}, ${organisationId}::uuid,
          ${roundId}::uuid, ${startedAt})
        ON CONFLICT (tenant_id, user_id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id,
          round_id = EXCLUDED.round_id, invited_at = EXCLUDED.invited_at, delivered_at = NULL
        WHERE invitation.invited_at <= ${cutoff}
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

  /** Teams took the invitation. */
  async delivered(roundId: string, invitee: Invitee): Promise<void> {
    await this.prisma.invitation.updateMany({
      where: { roundId, tenantId: invitee.tenantId, userId: invitee.userId },
      data: { deliveredAt: this.now() },
    });
  }

  /** Teams did not take it: as if never invited, so the next round tries again. */
  async notDelivered(roundId: string, invitee: Invitee): Promise<void> {
    await this.prisma.invitation.deleteMany({
      where: { roundId, tenantId: invitee.tenantId, userId: invitee.userId },
    });
  }

  /** Invitations and rounds older than the re-invite period say nothing any more: deleted. */
  async purgeExpired(now: Date = this.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - reinviteAfterMs);
    const invitations = await this.prisma.invitation.deleteMany({ where: { invitedAt: { lte: cutoff } } });
    await this.prisma.invitationRound.deleteMany({ where: { startedAt: { lte: cutoff } } });
    return invitations.count;
  }
}

const key = (invitee: Invitee) => `${invitee.tenantId}|${invitee.userId}`;
