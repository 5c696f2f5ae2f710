import { ReplyCollector } from "./reply-collector";
import type { TurnStep } from "./turn-step";

/**
 * Fifth, inside the retry and around the transaction: what an attempt says is held (reply-collector.ts)
 * and goes out only after its transaction committed, followed by the proactive messages queued until
 * then; an attempt that fails or is rolled back says nothing, so a retried turn replies once.
 */
export function heldReplies(): TurnStep {
  return async (context, next) => {
    const replies = ReplyCollector.of(context);
    replies.hold();
    try {
      await next();
    } catch (error) {
      replies.discard();
      throw error;
    }
    await replies.release();
  };
}
