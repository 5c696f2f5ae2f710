import { Pool } from "pg";
import type { Prisma } from "../../generated/prisma";
import { logger } from "../logger";

export type RateLimitStore = "memory" | "database";

export interface RateLimitOptions {
  userPerMinute: number;
  tenantPerMinute: number;
  /**
   * "memory" (the default): each instance counts its own turns, at no cost to the database.
   * "database": the counts live in PostgreSQL (table `rate_limit`, created by a migration) and every
   * instance sharing that database shares them; for scale-out only, as it adds one statement per turn.
   */
  store?: RateLimitStore;
  /** Required by the "database" store. */
  databaseUrl?: string;
}

const userPrefix = "user";

/**
 * Deletes the shared `rate_limit` rows that count these users' turns (keyed
 * `<prefix>:<key>`). They hold a user id and a count for a minute: personal data, briefly, so an
 * erasure removes them at once. The in-memory counters forget by themselves within the minute.
 */
export async function forgetUserCounters(tx: Prisma.TransactionClient, userIds: string[]): Promise<number> {
  const keys = userIds.map((id) => `${userPrefix}:${id}`);
  return (await tx.rateLimit.deleteMany({ where: { key: { in: keys } } })).count;
}

export type RateDecision = { allowed: true } | { allowed: false; scope: "user" | "tenant"; retryAfterMs: number };

const windowMs = 60_000;

/**
 * Counts one turn for the user and, unless the user is already over, for the tenant, in one fixed window
 * of a minute per key, in one statement (both counters in one round trip; a user over the limit does not
 * use up the tenant's budget). The window is the database's clock, so instances with skewed clocks agree.
 * Keys are the ones rate-limiter-flexible's RateLimiterPostgres used ("user:<id>", "tenant:<id>").
 */
const takeStatement = `
WITH clock AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms),
user_count AS (
  INSERT INTO rate_limit (key, points, expire)
  SELECT $1, 1, now_ms + $4 FROM clock
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN rate_limit.expire > EXCLUDED.expire - $4 THEN rate_limit.points + 1 ELSE 1 END,
    expire = CASE WHEN rate_limit.expire > EXCLUDED.expire - $4 THEN rate_limit.expire ELSE EXCLUDED.expire END
  RETURNING points, expire
),
tenant_count AS (
  INSERT INTO rate_limit (key, points, expire)
  SELECT $2, 1, now_ms + $4 FROM clock, user_count WHERE $2::varchar IS NOT NULL AND user_count.points <= $3
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN rate_limit.expire > EXCLUDED.expire - $4 THEN rate_limit.points + 1 ELSE 1 END,
    expire = CASE WHEN rate_limit.expire > EXCLUDED.expire - $4 THEN rate_limit.expire ELSE EXCLUDED.expire END
  RETURNING points, expire
)
SELECT u.points AS user_points, u.expire AS user_expire, t.points AS tenant_points, t.expire AS tenant_expire,
       (SELECT now_ms FROM clock) AS now_ms
FROM user_count u LEFT JOIN tenant_count t ON true`;

interface TakeRow {
  user_points: number;
  user_expire: string;
  tenant_points: number | null;
  tenant_expire: string | null;
  now_ms: string;
}

/**
 * Turns per user and per tenant per minute. In memory unless the store is "database"; then in PostgreSQL,
 * so several instances share the counts, and with the database down the limits fall back to memory rather
 * than refusing everyone or letting everything through.
 */
export class RateLimits {
  private readonly user: MemoryWindows;
  private readonly tenant: MemoryWindows;
  private readonly pool?: Pool;
  private readonly limits: { user: number; tenant: number };

  constructor(options: RateLimitOptions) {
    this.limits = { user: options.userPerMinute, tenant: options.tenantPerMinute };
    this.user = new MemoryWindows(options.userPerMinute);
    this.tenant = new MemoryWindows(options.tenantPerMinute);
    if ((options.store ?? "memory") === "database") {
      if (!options.databaseUrl) throw new Error("the database rate limit store needs a PostgreSQL database URL");
      this.pool = new Pool({ connectionString: options.databaseUrl, max: 4, connectionTimeoutMillis: 2000 });
      this.pool.on("error", (error) => logger.warn({ err: { message: error.message } }, "rate limit pool error"));
    }
  }

  /** Counts one turn for the user and the tenant; says which limit, if any, is exceeded. */
  async take(userId: string, tenantId: string | undefined): Promise<RateDecision> {
    if (this.pool) {
      const shared = await this.takeShared(this.pool, userId, tenantId);
      if (shared) return shared;
    }
    const user = this.user.take(userId);
    if (user) return { allowed: false, scope: "user", retryAfterMs: user };
    if (tenantId) {
      const tenant = this.tenant.take(tenantId);
      if (tenant) return { allowed: false, scope: "tenant", retryAfterMs: tenant };
    }
    return { allowed: true };
  }

  async close(): Promise<void> {
    await this.pool?.end().catch(() => undefined);
  }

  /** Undefined when the database did not answer: the caller counts in memory instead. */
  private async takeShared(
    pool: Pool,
    userId: string,
    tenantId: string | undefined,
  ): Promise<RateDecision | undefined> {
    let row: TakeRow;
    try {
      const result = await pool.query<TakeRow>({
        name: "rate-limit-take",
        text: takeStatement,
        values: [`user:${userId}`, tenantId ? `tenant:${tenantId}` : null, this.limits.user, windowMs],
      });
      row = result.rows[0];
    } catch (error) {
      logger.warn(
        { err: { message: (error as Error)?.message } },
        "shared rate limits unavailable, counting in memory",
      );
      return undefined;
    }
    const now = Number(row.now_ms);
    if (row.user_points > this.limits.user)
      return { allowed: false, scope: "user", retryAfterMs: Math.max(0, Number(row.user_expire) - now) };
    if (row.tenant_points !== null && row.tenant_points > this.limits.tenant)
      return { allowed: false, scope: "tenant", retryAfterMs: Math.max(0, Number(row.tenant_expire) - now) };
    return { allowed: true };
  }
}

/**
 * One fixed window of a minute per key, in memory, with no timer per key: rate-limiter-flexible's
 * RateLimiterMemory set one per key, and a timer set inside a turn keeps that turn's async context
 * (its Prisma transaction client among it) alive until it fires, a minute of ~35 KB per user who wrote.
 * Expired windows are swept when the map has grown, so it holds about the keys seen in the last minute.
 */
class MemoryWindows {
  private readonly windows = new Map<string, { points: number; endsAt: number }>();
  private sweepAt = 1024;

  constructor(private readonly limit: number) {}

  /** Counts one point; undefined when within the limit, otherwise the ms until the window ends. */
  take(key: string): number | undefined {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { points: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
      if (this.windows.size >= this.sweepAt) this.sweep(now);
    }
    window.points++;
    return window.points > this.limit ? window.endsAt - now : undefined;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    this.sweepAt = Math.max(1024, this.windows.size * 2);
  }
}
