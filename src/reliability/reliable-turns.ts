import { ActivityTypes, INVOKE_RESPONSE_KEY, type Activity, type ResourceResponse, type TurnContext } from "botbuilder";
import { setTimeout as sleep } from "node:timers/promises";
import { answerWithCard } from "../bot/send-card";
import { tenantOf, userOf } from "../bot/turn-facts";
import { noticeCard } from "../cards/notice-card";
import type { UiText } from "../content/ui-text-schema";
import { logger } from "../logger";
import type { ActivityDeduplicator, Claim } from "./activity-dedup";
import type { RateLimits } from "./rate-limits";

export interface ReliableTurnDependencies {
  /** The Teams application: loads state, routes, saves state. */
  run: (context: TurnContext) => Promise<unknown>;
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

/** How long a redelivered invoke waits for the first delivery's response before it gets an empty one. */
const invokeDuplicateWaitMs = 4000;
/** Attempts of one turn when concurrent turns keep changing the conversation's state first. */
const maxTurnAttempts = 3;

/**
 * Everything between the emergency help and the Teams application that keeps a turn from being lost or
 * done twice: the degraded mode while the database is away, deduplication of redelivered activities,
 * rate limits, one turn at a time per conversation in this instance, and one retry on fresh state when
 * another instance saved the conversation's state first (the eTag conflict). Replies are held back until
 * the state is saved, so a retried turn sends its replies once.
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

    let claim: Claim | undefined;
    if (key) {
      claim = await deps.dedup.claim(key.conversationId, key.activityId).catch((error: Error) => {
        // Without the database the turn cannot run anyway; it fails below and answers accordingly.
        logger.warn({ err: { message: error.message } }, "deduplication unavailable for this turn");
        return undefined;
      });
      if (claim && claim.kind !== "new") {
        stats.duplicatesAcknowledged++;
        logger.info({ activityType: context.activity.type, state: claim.kind }, "redelivered activity acknowledged");
        if (context.activity.type === ActivityTypes.Invoke) await replayInvokeResponse(context, deps.dedup, key, claim);
        return;
      }
    }

    try {
      if (await overLimit(context)) {
        if (claim) await deps.dedup.finish(key!.conversationId, key!.activityId, invokeResponseOf(context));
        return;
      }
      await lock.run(conversationId ?? "", () => runRetryingOnConflict(context));
    } catch (error) {
      if (!(await deps.databaseAnswers())) {
        logger.warn(
          { err: { name: (error as Error)?.name, message: (error as Error)?.message } },
          "turn failed: database unavailable",
        );
        if (claim) await deps.dedup.release(key!.conversationId, key!.activityId).catch(() => undefined);
        return unavailable(context);
      }
      if (claim) await deps.dedup.finish(key!.conversationId, key!.activityId).catch(() => undefined);
      throw error;
    }
    if (claim) {
      await deps.dedup
        .finish(key!.conversationId, key!.activityId, invokeResponseOf(context))
        .catch((error: Error) =>
          logger.warn({ err: { message: error.message } }, "could not mark the activity as processed"),
        );
    }
  };

  const overLimit = async (context: TurnContext): Promise<boolean> => {
    const { type } = context.activity;
    const user = userOf(context);
    if (!user || (type !== ActivityTypes.Message && type !== ActivityTypes.Invoke)) return false;
    const decision = await deps.rateLimits.take(user.userId, tenantOf(context));
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

  const runRetryingOnConflict = async (context: TurnContext) => {
    const outgoing = OutgoingBuffer.of(context);
    for (let attempt = 1; ; attempt++) {
      outgoing.hold();
      try {
        await deps.run(context);
      } catch (error) {
        if (attempt < maxTurnAttempts && isETagConflict(error)) {
          // Another instance saved this conversation first: forget this attempt's replies, run again on
          // fresh state. Three turns at once can make a retry lose once more, hence a few attempts with
          // a little random wait so two retries do not collide again.
          outgoing.discard();
          stats.conflictRetries++;
          logger.info("state changed by a concurrent turn: running the turn again on fresh state");
          await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
          continue;
        }
        await outgoing.release().catch(() => undefined);
        throw error;
      }
      await outgoing.release();
      return;
    }
  };

  return { handle, stats };
}

export function isETagConflict(error: unknown): boolean {
  return error instanceof Error && /etag conflict/i.test(error.message);
}

function invokeResponseOf(context: TurnContext): unknown {
  if (context.activity.type !== ActivityTypes.Invoke) return undefined;
  return (context.turnState.get(INVOKE_RESPONSE_KEY) as Partial<Activity> | undefined)?.value;
}

async function replayInvokeResponse(
  context: TurnContext,
  dedup: ActivityDeduplicator,
  key: { conversationId: string; activityId: string },
  claim: Claim,
): Promise<void> {
  let current = claim;
  const deadline = Date.now() + invokeDuplicateWaitMs;
  while (current.kind === "inProgress" && Date.now() < deadline) {
    await sleep(250);
    current = await dedup.claim(key.conversationId, key.activityId).catch(() => current);
    if (current.kind === "new") {
      // The first delivery gave up its claim (it failed): this one has no result to replay either.
      await dedup.release(key.conversationId, key.activityId).catch(() => undefined);
      break;
    }
  }
  const stored = current.kind === "done" ? current.invokeResponse : undefined;
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: stored ?? { status: 200, body: {} } });
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
  send: () => Promise<ResourceResponse[]>;
}

/** Holds a turn's outgoing activities until the turn has saved its state, so a retried turn replies once. */
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
        created.held.push({ send: next });
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
    this.held = [];
  }

  async release(): Promise<void> {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const item of held) await item.send();
  }
}
