import type { PrismaClient } from "../../generated/prisma";
import { systemActor, writeAudit } from "../licensing/audit-log";
import { pseudonymOf } from "./pseudonym";
import type { Purgeable } from "./retention";

/** Calendar months before `now`, clamped to the end of a shorter month (31 March minus one month: 28/29 February). */
export function monthsBefore(now: Date, months: number): Date {
  const result = new Date(now);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/**
 * Progress and saved reflections of users who have not used the bot for `months`. A user's last use
 * is the latest of their recorded activity, their progress and their saved reflections, so data from
 * before activity was recorded is covered too. Each run is plain DELETEs over a cut-off: idempotent,
 * and safe to run on several instances at once.
 */
export function inactiveUserPurge(prisma: PrismaClient, months: number): Purgeable {
  return {
    async purgeExpired(now = new Date()) {
      const cutoff = monthsBefore(now, months);
      const inactive = await prisma.$queryRaw<Array<{ user_id: string }>>`
        SELECT user_id FROM (
          SELECT user_id, last_seen_at AS at FROM user_activity
          UNION ALL SELECT user_id, updated_at FROM theme_progress
          UNION ALL SELECT user_id, created_at FROM reflection
        ) AS seen
        GROUP BY user_id
        HAVING max(at) < ${cutoff}`;
      if (inactive.length === 0) return 0;
      const userIds = inactive.map((row) => row.user_id);
      return prisma.$transaction(async (tx) => {
        const progress = await tx.themeProgress.deleteMany({
          where: { userId: { in: userIds }, updatedAt: { lt: cutoff } },
        });
        const reflections = await tx.reflection.deleteMany({
          where: { userId: { in: userIds }, createdAt: { lt: cutoff } },
        });
        const activity = await tx.userActivity.deleteMany({
          where: { userId: { in: userIds }, lastSeenAt: { lt: cutoff } },
        });
        const deleted = progress.count + reflections.count;
        // Whose, by pseudonym only: the ids of people whose data is gone do not stay in the log.
        if (deleted + activity.count > 0)
          await writeAudit(tx, {
            actor: systemActor,
            action: "privacy.purgeInactive",
            subject: "retention:inactive-users",
            after: {
              cutoff,
              months,
              users: userIds.map(pseudonymOf),
              progress: progress.count,
              reflections: reflections.count,
            },
          });
        return deleted;
      });
    },
  };
}

/** Audit log entries older than `months`. */
export function auditPurge(prisma: PrismaClient, months: number): Purgeable {
  return {
    async purgeExpired(now = new Date()) {
      const { count } = await prisma.auditEntry.deleteMany({ where: { at: { lt: monthsBefore(now, months) } } });
      return count;
    },
  };
}
