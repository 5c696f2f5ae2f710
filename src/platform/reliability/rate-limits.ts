import { Pool } from "pg";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { Prisma } from "../../generated/prisma";
import { logger } from "../logger";

export interface RateLimitOptions {
  userPerMinute: number;
  tenantPerMinute: number;
  /** With it the counters are shared by every instance (table `rate_limit`, created by a migration). */
  databaseUrl?: string;
}

const userPrefix = "user";

/**
 * Deletes the shared `rate_limit` rows that count these users' turns (rate-limiter-flexible keys them
 * `<prefix>:<key>`). They hold a user id and a count for a minute: personal data, briefly, so an
 * erasure removes them at once. The in-memory counters forget by themselves within the minute.
 */
export async function forgetUserCounters(tx: Prisma.TransactionClient, userIds: string[]): Promise<number> {
  const keys = userIds.map((id) => `${userPrefix}:${id}`);
  return (await tx.rateLimit.deleteMany({ where: { key: { in: keys } } })).count;
}

export type RateDecision = { allowed: true } | { allowed: false; scope: "user" | "tenant"; retryAfterMs: number };

/**
 * Turns per user and per tenant per minute. In memory for one instance; in PostgreSQL when the bot runs
 * on it, so several instances share the counts. With the database down the limits fall back to memory
 * (the insurance limiter) rather than refusing everyone or letting everything through.
 */
export class RateLimits {
  private readonly user: RateLimiterAbstract;
  private readonly tenant: RateLimiterAbstract;
  private readonly pool?: Pool;

  constructor(options: RateLimitOptions) {
    const memory = (points: number, keyPrefix: string) => new RateLimiterMemory({ points, duration: 60, keyPrefix });
    if (options.databaseUrl) {
      this.pool = new Pool({ connectionString: options.databaseUrl, max: 4, connectionTimeoutMillis: 2000 });
      this.pool.on("error", (error) => logger.warn({ err: { message: error.message } }, "rate limit pool error"));
      const shared = (points: number, keyPrefix: string) =>
        new RateLimiterPostgres({
          storeClient: this.pool,
          storeType: "pool",
          tableName: "rate_limit",
          tableCreated: true,
          clearExpiredByTimeout: false,
          points,
          duration: 60,
          keyPrefix,
          insuranceLimiter: memory(points, keyPrefix),
        });
      this.user = shared(options.userPerMinute, userPrefix);
      this.tenant = shared(options.tenantPerMinute, "tenant");
    } else {
      this.user = memory(options.userPerMinute, userPrefix);
      this.tenant = memory(options.tenantPerMinute, "tenant");
    }
  }

  /** Counts one turn for the user and the tenant; says which limit, if any, is exceeded. */
  async take(userId: string, tenantId: string | undefined): Promise<RateDecision> {
    const user = await consume(this.user, userId);
    if (user) return { allowed: false, scope: "user", retryAfterMs: user };
    if (tenantId) {
      const tenant = await consume(this.tenant, tenantId);
      if (tenant) return { allowed: false, scope: "tenant", retryAfterMs: tenant };
    }
    return { allowed: true };
  }

  async close(): Promise<void> {
    await this.pool?.end().catch(() => undefined);
  }
}

/** Undefined when allowed; otherwise how long until a point is free again. */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection.msBeforeNext;
    // The store failed and so did the insurance: never block a user over our own fault.
    logger.warn({ err: { message: (rejection as Error)?.message } }, "rate limiter unavailable");
    return undefined;
  }
}
