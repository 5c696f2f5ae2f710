import type { PrismaClient } from "../generated/prisma";
import { logger } from "../logger";

const dayMs = 24 * 60 * 60 * 1000;

/**
 * When each user last used the bot, to the day: what the inactivity retention counts from. At most one
 * write per user and day per instance, so an ordinary turn costs nothing.
 */
export class UserActivityLog {
  private readonly written = new Map<string, number>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async touch(userId: string): Promise<void> {
    const now = this.now();
    const last = this.written.get(userId);
    if (last !== undefined && now.getTime() - last < dayMs) return;
    try {
      await this.prisma.userActivity.upsert({
        where: { userId },
        create: { userId, lastSeenAt: now },
        update: { lastSeenAt: now },
      });
      this.written.set(userId, now.getTime());
    } catch (error) {
      logger.warn({ err: { name: (error as Error).name } }, "user activity not recorded");
    }
  }

  /** After an erasure: the next turn may record the user as new. */
  forget(userId: string): void {
    this.written.delete(userId);
  }
}
