import type { Prisma, PrismaClient } from "../../generated/prisma";
import type { FieldCipher } from "../crypto/field-cipher";
import type { HotStatements, StateRow } from "../storage/hot-statements";

export type Claim =
  /** First delivery: process it; `finish` in the same transaction. `state`: the rows of the keys asked for, locked. */
  | { kind: "new"; state: StateRow[] }
  /** Already processed: acknowledge; an invoke gets the stored response again. */
  | { kind: "done"; invokeResponse?: unknown };

export interface DeduplicationOptions {
  /** How long a processed activity is remembered. Teams redelivers within seconds to a few minutes. */
  windowMs?: number;
}

/**
 * Personal data, briefly: a processed activity names the conversation (a personal chat is the person's)
 * and can hold a sealed invoke response (an admin card listing e-mails, say) for the dedup window.
 * An erasure drops the person's conversations' rows at once rather than waiting for the window.
 */
export async function forgetConversations(tx: Prisma.TransactionClient, conversationIds: string[]): Promise<number> {
  const { count } = await tx.processedActivity.deleteMany({ where: { conversationId: { in: conversationIds } } });
  return count;
}

/** An invoke response at rest: sealed, as a form's answer card can carry what the user typed. */
interface SealedResponse {
  keyId: string;
  nonce: string;
  ciphertext: string;
}

/**
 * Remembers, in the database, which activities (`conversation.id` + `activity.id`) were processed, so a
 * redelivery from Teams – to this or any other instance – is acknowledged and not processed again.
 *
 * `claim` is the first statement of the turn's own transaction (see src/platform/storage/turn-transaction.ts)
 * and reads the turn's state in the same round trip; `finish` is the last, and writes only for an invoke.
 * So the claim becomes visible only together with everything the turn did: a concurrent delivery of the
 * same activity waits on the row's unique key until the first commits and then finds it done; a turn that
 * crashed or failed was rolled back with its claim, and its redelivery simply runs. There is no
 * "in progress" state that could outlive a crashed instance.
 */
export class ActivityDeduplicator {
  readonly windowMs: number;
  private lastPrune = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly hot: HotStatements,
    private readonly cipher: FieldCipher,
    options: DeduplicationOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 10 * 60_000;
  }

  /**
   * Inside the turn's transaction. Takes over a row only once it is out of the window. A new claim comes
   * with the `bot_state` rows of `stateKeys`, locked for the turn.
   */
  async claim(conversationId: string, activityId: string, stateKeys: readonly string[] = []): Promise<Claim> {
    const activity = { conversationId, activityId };
    const { claimed, state } = await this.hot.claimWithState(activity, this.windowMs / 1000, stateKeys);
    if (claimed) return { kind: "new", state };
    const row = await this.prisma.processedActivity.findUnique({
      where: { conversationId_activityId: activity },
      select: { invokeResponse: true },
    });
    return { kind: "done", invokeResponse: this.openResponse(row?.invokeResponse, conversationId, activityId) };
  }

  /** Inside the turn's transaction, its last statement: an invoke's response is kept to answer redeliveries. */
  async finish(conversationId: string, activityId: string, invokeResponse?: unknown): Promise<void> {
    if (invokeResponse === undefined) return;
    const sealed = this.sealResponse(invokeResponse, conversationId, activityId);
    await this.hot.rememberInvokeResponse({ conversationId, activityId }, sealed);
  }

  /**
   * Outside any transaction, after a turn failed for good (not for a conflict, not for the database being
   * away): a redelivery of the same activity would fail the same way, so it is acknowledged instead.
   */
  async markFailed(conversationId: string, activityId: string): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO processed_activity (conversation_id, activity_id, claimed_at, finished_at)
      VALUES (${conversationId}, ${activityId}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
      ON CONFLICT (conversation_id, activity_id) DO NOTHING`;
  }

  async prune(): Promise<number> {
    return this.prisma.processedActivity
      .deleteMany({ where: { claimedAt: { lt: new Date(Date.now() - this.windowMs) } } })
      .then((result) => result.count);
  }

  /** Outside the turn's transaction, now and then, so the hot path stays at its few statements. */
  async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPrune < this.windowMs / 2) return;
    this.lastPrune = Date.now();
    await this.prune().catch(() => undefined);
  }

  private sealResponse(response: unknown, conversationId: string, activityId: string): SealedResponse {
    const sealed = this.cipher.seal(JSON.stringify(response), associatedData(conversationId, activityId));
    return {
      keyId: sealed.keyId,
      nonce: Buffer.from(sealed.nonce).toString("base64"),
      ciphertext: Buffer.from(sealed.ciphertext).toString("base64"),
    };
  }

  private openResponse(stored: unknown, conversationId: string, activityId: string): unknown {
    const sealed = stored as Partial<SealedResponse> | null | undefined;
    if (!sealed?.keyId || !sealed.nonce || !sealed.ciphertext) return undefined;
    try {
      const json = this.cipher.open(
        {
          keyId: sealed.keyId,
          nonce: Buffer.from(sealed.nonce, "base64"),
          ciphertext: Buffer.from(sealed.ciphertext, "base64"),
        },
        associatedData(conversationId, activityId),
      );
      return JSON.parse(json) as unknown;
    } catch {
      // Sealed under a key that is gone: the redelivery gets an empty answer, as it would without one.
      return undefined;
    }
  }
}

function associatedData(conversationId: string, activityId: string): string {
  return `invoke-response:${conversationId}:${activityId}`;
}
