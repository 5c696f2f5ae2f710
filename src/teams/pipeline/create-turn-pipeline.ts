import type { TurnContext } from "botbuilder";
import { uiTextsOf } from "../turn-view";
import type { Config } from "../../platform/config";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import type { PrismaClient } from "../../generated/prisma";
import type { FieldCipher } from "../../platform/crypto/field-cipher";
import type { Database } from "../../platform/storage/database";
import { inTurnTransaction } from "../../platform/storage/turn-transaction";
import { ActivityDeduplicator } from "../../platform/reliability/activity-dedup";
import { RateLimits } from "../../platform/reliability/rate-limits";
import { newPipelineStats, type PipelineStats } from "./pipeline-stats";
import { turnPipeline } from "./turn-pipeline";
import { runSteps } from "./turn-step";

/** A ping that gives up after this: a hung connection counts as down. */
const pingTimeoutMs = 2000;

/** Composes the turn pipeline (turn-pipeline.ts) for runtime.ts: one call, one handle, one close. */
export function createTurnPipeline(options: {
  config: Config;
  database: Database;
  /** The turn-scoped client every store uses (src/platform/storage/turn-transaction.ts). */
  prisma: PrismaClient;
  /** Seals stored invoke responses. */
  cipher: FieldCipher;
  content: ContentCatalog;
  databasePrepared: () => boolean;
  /** The quick-help feature's emergency and crisis responder. */
  emergency: (context: TurnContext) => Promise<boolean>;
  app: { run: (context: TurnContext) => Promise<unknown> };
}): { handle: (context: TurnContext) => Promise<void>; stats: PipelineStats; close: () => Promise<void> } {
  const { config, database, content } = options;
  const rateLimits = new RateLimits({
    userPerMinute: config.RATE_LIMIT_USER_PER_MINUTE,
    tenantPerMinute: config.RATE_LIMIT_TENANT_PER_MINUTE,
    store: config.RATE_LIMIT_STORE,
    databaseUrl: config.DATABASE_URL,
  });
  const stats = newPipelineStats();
  const steps = turnPipeline({
    emergency: options.emergency,
    databasePrepared: options.databasePrepared,
    databaseAnswers: () => pingWithin(database, pingTimeoutMs),
    transaction: (work) => inTurnTransaction(database.turns, work),
    dedup: new ActivityDeduplicator(options.prisma, database.hot, options.cipher),
    rateLimits,
    ui: uiTextsOf(content),
    stats,
    app: options.app,
  });
  return { handle: (context) => runSteps(steps, context), stats, close: () => rateLimits.close() };
}

export function pingWithin(database: Database, ms: number): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([database.ping(), timeout]);
}
