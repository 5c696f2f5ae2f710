import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "../../platform/logger";
import type { PipelineStats } from "./pipeline-stats";
import type { TurnStep } from "./turn-step";

/** Attempts of one turn when concurrent turns keep changing the conversation's state first. */
const maxTurnAttempts = 3;

/**
 * Fourth, around the held replies and the transaction: when another instance saved this conversation's
 * state first (the eTag conflict) or PostgreSQL refused two crossing transactions, everything the attempt
 * wrote was rolled back and what it said was discarded, so the rest of the turn runs again on fresh state.
 * Three turns at once can make a retry lose once more, hence a few attempts with a little random wait.
 */
export function conflictRetry(stats: PipelineStats): TurnStep {
  return async (_context, next) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await next();
      } catch (error) {
        if (attempt >= maxTurnAttempts || !isRetryableConflict(error)) throw error;
        stats.conflictRetries++;
        logger.info("state changed by a concurrent turn: running the turn again on fresh state");
        await sleep(10 + Math.random() * 40);
      }
    }
  };
}

export function isETagConflict(error: unknown): boolean {
  return error instanceof Error && /etag conflict/i.test(error.message);
}

/** The eTag conflict, a deadlock, a serialization failure (Prisma's P2034): nothing was kept. */
function isRetryableConflict(error: unknown): boolean {
  if (isETagConflict(error)) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    code === "P2034" ||
    (error instanceof Error && /deadlock detected|could not serialize access|write conflict/i.test(error.message))
  );
}
