import { logger } from "../../platform/logger";
import { LruCache } from "../../platform/lru-cache";
import type { HotStatements } from "../../platform/storage/hot-statements";

const dayMs = 24 * 60 * 60 * 1000;
/** Users remembered at once; one pushed out only costs its next turn one more upsert. */
const maxRememberedUsers = 10_000;

/**
 * When each user last used the bot, to the day: what the inactivity retention counts from. At most one
 * write per user and day per instance, so an ordinary turn costs nothing.
 */
export class UserActivityLog {
  /** Users written in the last day, so the next write is due a day later. */
  private readonly written: LruCache<string, true>;

  constructor(
    private readonly hot: HotStatements,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.written = new LruCache({ maxEntries: maxRememberedUsers, ttlMs: dayMs, now: () => this.now().getTime() });
  }

  async touch(userId: string): Promise<void> {
    const now = this.now();
    if (this.written.get(userId)) return;
    try {
      await this.hot.touchUserActivity(userId, now);
      this.written.set(userId, true);
    } catch (error) {
      logger.warn({ err: { name: (error as Error).name } }, "user activity not recorded");
    }
  }

  /** After an erasure: the next turn may record the user as new. */
  forget(userId: string): void {
    this.written.delete(userId);
  }
}
