import type { PrismaClient } from "../../generated/prisma";
import type { Language } from "../content/language";
import type { DeliveryOutcome, DeliveryQueue } from "./delivery-schedule";

export interface DueReminder {
  id: string;
  userId: string;
  tenantId: string;
  themeId: string;
  language: Language;
  attempts: number;
}

export interface ReminderRequest {
  userId: string;
  tenantId: string;
  themeId: string;
  language: Language;
  dueAt: Date;
}

/** Tries before a reminder Teams keeps refusing is given up (marked failed, never sent). */
const maxAttempts = 3;
/** Sent and failed reminders stay this long, so `mina data` shows what was sent, then they are deleted. */
const keepDoneDays = 30;
/**
 * A reminder claimed by an instance that then died stays claimed: sending it again could send it twice,
 * so it is given up after this long rather than retried.
 */
const abandonedClaimMs = 24 * 60 * 60 * 1000;

/**
 * Reminders an official asked for, one row per request, scheduled in the database so they survive a
 * restart. One pending reminder per user and theme: asking again moves it. Exactly one instance sends
 * each: `claimNextDue` moves it from `due` to `sending` in one statement that skips rows another
 * instance has locked, so two instances sweeping at once never claim the same reminder.
 */
export class ReminderStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Schedules a reminder; returns whether it replaced one already pending for the same theme. */
  async request(request: ReminderRequest): Promise<{ replaced: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const removed = await tx.reminder.deleteMany({
        where: { userId: request.userId, themeId: request.themeId, status: "due" },
      });
      await tx.reminder.create({ data: { ...request } });
      return { replaced: removed.count > 0 };
    });
  }

  /** "Sluta påminna": every reminder not yet sent goes. Returns how many. */
  async stopAll(userId: string): Promise<number> {
    return (await this.prisma.reminder.deleteMany({ where: { userId, status: "due" } })).count;
  }

  /** Claims the oldest due reminder for this instance alone, or nothing. */
  async claimNextDue(now: Date): Promise<DueReminder | undefined> {
    const rows = await this.prisma.$queryRaw<
      Array<{ id: string; user_id: string; tenant_id: string; theme_id: string; language: string; attempts: number }>
    >`
      UPDATE reminder SET status = 'sending', attempts = attempts + 1
      WHERE status = 'due' AND id = (
        SELECT id FROM reminder WHERE status = 'due' AND due_at <= ${now}
        ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED
      )
      RETURNING id, user_id, tenant_id, theme_id, language, attempts`;
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      userId: row.user_id,
      tenantId: row.tenant_id,
      themeId: row.theme_id,
      language: row.language === "en" ? "en" : "sv",
      attempts: row.attempts,
    };
  }

  async markSent(id: string, now: Date = new Date()): Promise<void> {
    await this.prisma.reminder.updateMany({ where: { id, status: "sending" }, data: { status: "sent", sentAt: now } });
  }

  /** Teams did not take it: due again at the next sweep, or given up after a few tries. */
  async release(reminder: DueReminder): Promise<void> {
    await this.prisma.reminder.updateMany({
      where: { id: reminder.id, status: "sending" },
      data: { status: reminder.attempts >= maxAttempts ? "failed" : "due" },
    });
  }

  /** Not to be sent at all (the theme was finished, the access is gone): removed, nothing is kept. */
  async discard(id: string): Promise<void> {
    await this.prisma.reminder.deleteMany({ where: { id } });
  }

  async listForUser(userId: string): Promise<Array<{ themeId: string; dueAt: Date; status: string }>> {
    return this.prisma.reminder.findMany({
      where: { userId },
      orderBy: { dueAt: "asc" },
      select: { themeId: true, dueAt: true, status: true },
    });
  }

  async eraseForUser(userId: string): Promise<number> {
    return (await this.prisma.reminder.deleteMany({ where: { userId } })).count;
  }

  /** The Teams user behind a membership, read before the membership is revoked so their reminders can go with it. */
  async userOfMembership(organisationId: string, membershipId: string): Promise<string | undefined> {
    const membership = await this.prisma.membership.findFirst({ where: { id: membershipId, organisationId } });
    return membership?.userId ?? undefined;
  }

  /** For the retention sweep: done reminders after a while, and claims whose instance never finished. */
  async purgeExpired(now: Date = new Date()): Promise<number> {
    const done = await this.prisma.reminder.deleteMany({
      where: {
        OR: [
          { status: { in: ["sent", "failed"] }, dueAt: { lte: new Date(now.getTime() - keepDoneDays * 86_400_000) } },
          { status: "sending", dueAt: { lte: new Date(now.getTime() - abandonedClaimMs) } },
        ],
      },
    });
    return done.count;
  }
}

/** Due reminders for the delivery schedule: sent, removed when no longer wanted, or tried again. */
export function reminderQueue(
  store: ReminderStore,
  deliver: (reminder: DueReminder) => Promise<DeliveryOutcome>,
): DeliveryQueue<DueReminder> {
  return {
    name: "reminder",
    claimNext: (now) => store.claimNextDue(now),
    deliver,
    settle: async (reminder, outcome, now) => {
      if (outcome === "sent") await store.markSent(reminder.id, now);
      else if (outcome === "notWanted") await store.discard(reminder.id);
      else await store.release(reminder);
    },
  };
}
