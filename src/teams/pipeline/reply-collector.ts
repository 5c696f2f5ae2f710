import { ActivityTypes, type Activity, type ConversationReference, type TurnContext } from "botbuilder";

/** What a send made while replies are held answers: a stand-in id, valid for update and delete in this turn. */
const heldIdPrefix = "held-reply-";

type HeldOperation =
  | { kind: "send"; activities: Partial<Activity>[]; placeholders: string[]; perform: () => Promise<{ id?: string }[]> }
  | { kind: "update"; activity: Partial<Activity>; perform: () => Promise<void> }
  | { kind: "delete"; reference: Partial<ConversationReference>; perform: () => Promise<void> };

/**
 * Holds everything a turn says to Teams until the turn has committed, so a turn that is rolled back says
 * nothing and a turn run again after a conflict says it once. The pipeline owns it (`heldReplies` in
 * turn-pipeline.ts); handlers keep calling `sendActivity`, `updateActivity` and `deleteActivity` as usual:
 * - sends (messages, typing, the invoke response) are queued and answered with a stand-in id;
 * - an update or a delete is queued in order behind them; one that names a stand-in id is sent with the
 *   real id the earlier send got, so "send, then update what was sent" works while held; one that names
 *   the invoke response or a stand-in this turn never issued is refused at once with an error;
 * - `release` performs the queue in order once the turn's transaction has committed, then the work queued
 *   with `afterRelease` (proactive messages); `discard` forgets an attempt that was rolled back.
 * Outside `hold` ... `release` everything goes straight to Teams.
 */
export class ReplyCollector {
  private static readonly key = Symbol("replyCollector");
  private holding = false;
  private queue: HeldOperation[] = [];
  private afterwards: Array<() => Promise<void>> = [];
  private issued = 0;

  /** The turn's collector, installed on the context the first time it is asked for. */
  static of(context: TurnContext): ReplyCollector {
    const existing = context.turnState.get(ReplyCollector.key) as ReplyCollector | undefined;
    if (existing) return existing;
    const collector = new ReplyCollector();
    context.turnState.set(ReplyCollector.key, collector);
    context.onSendActivities(async (_context, activities, next) => {
      if (!collector.holding) return next();
      const placeholders = activities.map(() => `${heldIdPrefix}${++collector.issued}`);
      collector.queue.push({ kind: "send", activities, placeholders, perform: next });
      return placeholders.map((id) => ({ id }));
    });
    context.onUpdateActivity(async (_context, activity, next) => {
      if (!collector.holding) return next();
      collector.refuseUnsendable(activity.id);
      collector.queue.push({ kind: "update", activity, perform: next });
    });
    context.onDeleteActivity(async (_context, reference, next) => {
      if (!collector.holding) return next();
      collector.refuseUnsendable(reference.activityId);
      collector.queue.push({ kind: "delete", reference, perform: next });
    });
    return collector;
  }

  /** An invoke response is no message: there is nothing in the chat to update or delete. */
  private refuseUnsendable(id: string | undefined): void {
    if (!id?.startsWith(heldIdPrefix)) return;
    const send = this.queue.find((operation) => operation.kind === "send" && operation.placeholders.includes(id));
    const activity = send?.kind === "send" ? send.activities[send.placeholders.indexOf(id)] : undefined;
    if (!activity || activity.type === ActivityTypes.InvokeResponse) {
      throw new Error(`Cannot update or delete ${id}: it is not a message this turn sent`);
    }
  }

  hold(): void {
    this.holding = true;
  }

  /** Forgets what this attempt said: it was rolled back, or is answered another way. */
  discard(): void {
    this.holding = false;
    this.queue = [];
    this.afterwards = [];
  }

  /** Work to do after the held replies are out (proactive messages queued until the commit). */
  afterRelease(job: () => Promise<void>): void {
    this.afterwards.push(job);
  }

  /** The invoke response held now, to be stored with the dedup finish in the same transaction. */
  invokeResponse(): unknown {
    const sent = this.queue.flatMap((operation) => (operation.kind === "send" ? operation.activities : []));
    return sent.reverse().find((activity) => activity.type === ActivityTypes.InvokeResponse)?.value;
  }

  /** Sends what was held, in the order it was said, then runs the work queued after it. */
  async release(): Promise<void> {
    this.holding = false;
    const queue = this.queue;
    const afterwards = this.afterwards;
    this.queue = [];
    this.afterwards = [];
    const realIds = new Map<string, string>();
    const real = (id: string | undefined) => (id !== undefined && realIds.get(id)) || id;
    for (const operation of queue) {
      if (operation.kind === "send") {
        const responses = await operation.perform();
        operation.placeholders.forEach((placeholder, index) => {
          const id = responses[index]?.id;
          if (id) realIds.set(placeholder, id);
        });
      } else if (operation.kind === "update") {
        operation.activity.id = requireReal(real(operation.activity.id));
        await operation.perform();
      } else {
        operation.reference.activityId = requireReal(real(operation.reference.activityId));
        await operation.perform();
      }
    }
    for (const job of afterwards) await job();
  }
}

/** An update or delete of a held send that Teams gave no id (an invoke response, say) has nothing to act on. */
function requireReal(id: string | undefined): string | undefined {
  if (id?.startsWith(heldIdPrefix)) {
    throw new Error(`Cannot update or delete a held reply that Teams did not give an id (${id})`);
  }
  return id;
}
