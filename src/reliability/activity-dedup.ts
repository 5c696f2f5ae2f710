import type { PrismaClient } from "../generated/prisma";

export type Claim =
  /** First delivery (or a takeover of a stale claim): process it, then `finish` or `release`. */
  | { kind: "new" }
  /** Being processed right now, by this or another instance: acknowledge, do nothing. */
  | { kind: "inProgress" }
  /** Already processed: acknowledge; an invoke gets the stored response again. */
  | { kind: "done"; invokeResponse?: unknown };

export interface DeduplicationOptions {
  /** How long a processed activity is remembered. Teams redelivers within seconds to a few minutes. */
  windowMs?: number;
  /** A claim older than this with no finish is taken to be a crashed instance's, and may be taken over. */
  staleClaimMs?: number;
}

/**
 * Remembers, in the database, which activities (`conversation.id` + `activity.id`) were taken on, so a
 * redelivery from Teams – to this or any other instance – is acknowledged and not processed again.
 * One atomic INSERT … ON CONFLICT decides between concurrent deliveries.
 */
export class ActivityDeduplicator {
  readonly windowMs: number;
  readonly staleClaimMs: number;
  private lastPrune = 0;

  constructor(
    private readonly prisma: PrismaClient,
    options: DeduplicationOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 10 * 60_000;
    this.staleClaimMs = options.staleClaimMs ?? 60_000;
  }

  async claim(conversationId: string, activityId: string): Promise<Claim> {
    await this.pruneNowAndThen();
    // Inserts, or takes over a row that is out of the window or a claim that was never finished in time.
    const taken = await this.prisma.$executeRaw`
      INSERT INTO processed_activity (conversation_id, activity_id, claimed_at)
      VALUES (${conversationId}, ${activityId}, CURRENT_TIMESTAMP)
      ON CONFLICT (conversation_id, activity_id) DO UPDATE
      SET claimed_at = CURRENT_TIMESTAMP, finished_at = NULL, invoke_response = NULL
      WHERE processed_activity.claimed_at < CURRENT_TIMESTAMP - make_interval(secs => ${this.windowMs / 1000})
         OR (processed_activity.finished_at IS NULL
             AND processed_activity.claimed_at < CURRENT_TIMESTAMP - make_interval(secs => ${this.staleClaimMs / 1000}))`;
    if (taken > 0) return { kind: "new" };
    const row = await this.prisma.processedActivity.findUnique({
      where: { conversationId_activityId: { conversationId, activityId } },
      select: { finishedAt: true, invokeResponse: true },
    });
    if (!row) return this.claim(conversationId, activityId); // released in between: try again
    if (!row.finishedAt) return { kind: "inProgress" };
    return { kind: "done", invokeResponse: row.invokeResponse ?? undefined };
  }

  /** The turn ended: later deliveries are duplicates. An invoke's response is kept to answer them. */
  async finish(conversationId: string, activityId: string, invokeResponse?: unknown): Promise<void> {
    await this.prisma.processedActivity.updateMany({
      where: { conversationId, activityId },
      data: {
        finishedAt: new Date(),
        ...(invokeResponse === undefined ? {} : { invokeResponse: invokeResponse as object }),
      },
    });
  }

  /** The turn failed before it did anything lasting: a redelivery may run it again. */
  async release(conversationId: string, activityId: string): Promise<void> {
    await this.prisma.processedActivity.deleteMany({ where: { conversationId, activityId, finishedAt: null } });
  }

  async prune(): Promise<number> {
    return this.prisma.processedActivity
      .deleteMany({
        where: { claimedAt: { lt: new Date(Date.now() - this.windowMs) } },
      })
      .then((result) => result.count);
  }

  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPrune < this.windowMs / 2) return;
    this.lastPrune = Date.now();
    await this.prune().catch(() => undefined);
  }
}
