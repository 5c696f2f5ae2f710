import { logger } from "../../platform/logger";
import { ReplyCollector } from "./reply-collector";
import type { TurnStep } from "./turn-step";

/** Runs `work` as the turn's one database transaction (src/platform/storage/turn-transaction.ts). */
export type TurnTransaction = <T>(work: () => Promise<T>) => Promise<{ result: T; afterCommit: () => Promise<void> }>;

/**
 * Sixth, inside the held replies: the rest of the turn is one database transaction. The dedup claim, the
 * state read, every write a handler makes, the state save and the dedup finish commit together or not at
 * all; a crash anywhere before COMMIT leaves nothing behind. Proactive messages a handler queued with
 * `afterCommit` go out after the turn's own replies, and only once.
 */
export function oneTransaction(transaction: TurnTransaction): TurnStep {
  return async (context, next) => {
    const { afterCommit } = await transaction(next);
    ReplyCollector.of(context).afterRelease(() =>
      afterCommit().catch((error: Error) =>
        logger.warn({ err: { name: error.name, message: error.message } }, "work after the turn's commit failed"),
      ),
    );
  };
}
