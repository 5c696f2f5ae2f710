import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from "botbuilder";
import { setTimeout as sleep } from "node:timers/promises";
import { answerWithCard } from "../send-card";
import { tenantOf, userOf } from "../turn-facts";
import { noticeCard } from "../../cards/notice-card";
import type { UiText } from "../../domain/content/ui-text-schema";
import { logger } from "../../platform/logger";
import type { ActivityDeduplicator } from "../../platform/reliability/activity-dedup";
import type { RateDecision, RateLimits } from "../../platform/reliability/rate-limits";

export interface ReliableTurnDependencies {
  /** The Teams application: loads state, routes, saves state. */
  run: (context: TurnContext) => Promise<unknown>;
  /** Runs `work` as the turn's one database transaction (src/platform/storage/turn-transaction.ts). */
  transaction: <T>(work: () => Promise<T>) => Promise<{ result: T; afterCommit: () => Promise<void> }>;
  /** Migrations applied: turns may use the database. */
  databasePrepared: () => boolean;
  /** Answers within a short time whether the database answers now. */
  databaseAnswers: () => Promise<boolean>;
  dedup: ActivityDeduplicator;
  rateLimits: RateLimits;
  ui: (context: TurnContext) => UiText;
}

export interface ReliabilityStats {
  duplicatesAcknowledged: number;
  conflictRetries: number;
  unavailableAnswers: number;
  rateLimited: number;
}

/** Attempts of one turn when concurrent turns keep changing the conversation's state first. */
const maxTurnAttempts = 3;

type ActivityKey = { conversationId: string; activityId: string };
type Attempt = { kind: "ran" } | { kind: "duplicate"; invokeResponse?: unknown };

/**
 * Everything between the emergency help and the Teams application that keeps a turn from being lost or
 * done twice. Each turn is one database transaction: the dedup claim first, then the state read, every
 * write the handlers make and the state save, then the dedup finish (with an invoke's response). So:
 * - a redelivery, to this or another instance, waits on the claim's unique key until the first delivery
 *   commits, and is then acknowledged (an invoke gets the stored response);
 * - a turn that crashed, failed or met the database gone is rolled back whole, claim included, and its
 *   redelivery runs it again;
 * - when another instance saved the conversation's state first (the eTag conflict) everything the turn
 *   wrote is rolled back with it, and the turn runs again on fresh state.
 * Replies are held back until the commit, and proactive messages (`afterCommit`) wait for it too, so a
 * retried turn replies once. One turn at a time per conversation in this instance; rate limits.
 */
export function reliableTurns(deps: ReliableTurnDependencies): {
  handle: (context: TurnContext) => Promise<void>;
  stats: ReliabilityStats;
} {
  const stats: ReliabilityStats = {
    duplicatesAcknowledged: 0,
    conflictRetries: 0,
    unavailableAnswers: 0,
    rateLimited: 0,
  };
  const lock = new KeyedLock();

  const unavailable = async (context: TurnContext) => {
    stats.unavailableAnswers++;
    await answerWithCard(context, noticeCard(deps.ui(context), deps.ui(context).reliability.temporarilyUnavailable));
  };

  const handle = async (context: TurnContext) => {
    if (!deps.databasePrepared()) return unavailable(context);
    const conversationId = context.activity.conversation?.id;
    const activityId = context.activity.id;
    const key = conversationId && activityId ? { conversationId, activityId } : undefined;

    try {
      await lock.run(conversationId ?? "", () => runRetryingOnConflict(context, key));
    } catch (error) {
      if (!(await deps.databaseAnswers())) {
        // Rolled back, claim included: Teams' redelivery runs the turn again once the database is back.
        logger.warn(
          { err: { name: (error as Error)?.name, message: (error as Error)?.message } },
          "turn failed: database unavailable",
        );
        return unavailable(context);
      }
      // Rolled back too, but a redelivery would fail the same way: it is acknowledged instead of looping.
      if (key) await deps.dedup.markFailed(key.conversationId, key.activityId).catch(() => undefined);
      throw error;
    }
    await deps.dedup.pruneNowAndThen();
  };

  const overLimit = async (context: TurnContext, decided: { decision?: RateDecision }): Promise<boolean> => {
    const { type } = context.activity;
    const user = userOf(context);
    if (!user || (type !== ActivityTypes.Message && type !== ActivityTypes.Invoke)) return false;
    // Taken once per delivery, not once per attempt of it.
    decided.decision ??= await deps.rateLimits.take(user.userId, tenantOf(context));
    const decision = decided.decision;
    if (decision.allowed) return false;
    stats.rateLimited++;
    logger.warn({ scope: decision.scope, retryAfterMs: decision.retryAfterMs }, "rate limit exceeded");
    const ui = deps.ui(context);
    await answerWithCard(
      context,
      noticeCard(ui, decision.scope === "user" ? ui.reliability.rateLimitedUser : ui.reliability.rateLimitedTenant),
    );
    return true;
  };

  /** One attempt, inside the turn's transaction: claim first, finish last. */
  const attempt = async (
    context: TurnContext,
    key: ActivityKey | undefined,
    outgoing: OutgoingBuffer,
    decided: { decision?: RateDecision },
  ): Promise<Attempt> => {
    if (key) {
      const claim = await deps.dedup.claim(key.conversationId, key.activityId);
      if (claim.kind === "done") return { kind: "duplicate", invokeResponse: claim.invokeResponse };
    }
    if (!(await overLimit(context, decided))) await deps.run(context);
    if (key) await deps.dedup.finish(key.conversationId, key.activityId, outgoing.invokeResponse());
    return { kind: "ran" };
  };

  const runRetryingOnConflict = async (context: TurnContext, key: ActivityKey | undefined) => {
    const outgoing = OutgoingBuffer.of(context);
    const decided: { decision?: RateDecision } = {};
    for (let attemptNumber = 1; ; attemptNumber++) {
      outgoing.hold();
      let committed: { result: Attempt; afterCommit: () => Promise<void> };
      try {
        committed = await deps.transaction(() => attempt(context, key, outgoing, decided));
      } catch (error) {
        // Rolled back: whatever this attempt said describes nothing that happened.
        outgoing.discard();
        if (attemptNumber < maxTurnAttempts && isRetryableConflict(error)) {
          // Another instance saved this conversation first: run again on fresh state. Three turns at
          // once can make a retry lose once more, hence a few attempts with a little random wait so two
          // retries do not collide again.
          stats.conflictRetries++;
          logger.info("state changed by a concurrent turn: running the turn again on fresh state");
          await sleep(10 + Math.random() * 40);
          continue;
        }
        throw error;
      }
      if (committed.result.kind === "duplicate") {
        outgoing.discard();
        stats.duplicatesAcknowledged++;
        logger.info({ activityType: context.activity.type }, "redelivered activity acknowledged");
        if (context.activity.type === ActivityTypes.Invoke) {
          const value = committed.result.invokeResponse ?? { status: 200, body: {} };
          await context.sendActivity({ type: ActivityTypes.InvokeResponse, value });
        }
        return;
      }
      await outgoing.release();
      await committed
        .afterCommit()
        .catch((error: Error) =>
          logger.warn({ err: { name: error.name, message: error.message } }, "work after the turn's commit failed"),
        );
      return;
    }
  };

  return { handle, stats };
}

export function isETagConflict(error: unknown): boolean {
  return error instanceof Error && /etag conflict/i.test(error.message);
}

/**
 * The eTag conflict, and what PostgreSQL answers when two turns' transactions cross (a deadlock, a
 * serialization failure; Prisma's P2034): nothing was kept, running the turn again is safe.
 */
function isRetryableConflict(error: unknown): boolean {
  if (isETagConflict(error)) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    code === "P2034" ||
    (error instanceof Error && /deadlock detected|could not serialize access|write conflict/i.test(error.message))
  );
}

/** One turn at a time per key in this process; the next waits for the previous, whatever its outcome. */
class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const tail = new Promise<void>((resolve) => (done = resolve));
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

interface HeldSend {
  activities: Partial<Activity>[];
  send: () => Promise<ResourceResponse[]>;
}

/** Holds a turn's outgoing activities until the turn has committed, so a retried turn replies once. */
class OutgoingBuffer {
  private static readonly key = Symbol("outgoingBuffer");
  private holding = false;
  private held: HeldSend[] = [];

  static of(context: TurnContext): OutgoingBuffer {
    let buffer = context.turnState.get(OutgoingBuffer.key) as OutgoingBuffer | undefined;
    if (!buffer) {
      const created = new OutgoingBuffer();
      context.onSendActivities(async (_context, activities, next) => {
        if (!created.holding) return next();
        created.held.push({ activities, send: next });
        return activities.map((activity) => ({ id: activity.id ?? "" }));
      });
      context.turnState.set(OutgoingBuffer.key, created);
      buffer = created;
    }
    return buffer;
  }

  hold(): void {
    this.holding = true;
  }

  discard(): void {
    this.holding = false;
    this.held = [];
  }

  /** The invoke response this attempt holds, to be stored with the finish in the same transaction. */
  invokeResponse(): unknown {
    const all = this.held.flatMap((item) => item.activities);
    return all.reverse().find((activity) => activity.type === ActivityTypes.InvokeResponse)?.value;
  }

  async release(): Promise<void> {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const item of held) await item.send();
  }
}
