import { logger } from "../../platform/logger";

/** What became of one message when its delivery was tried. */
export type DeliveryOutcome = "sent" | "notWanted" | "notDelivered";

/**
 * Messages the bot sends on its own, kept in the database: the claim takes one for this instance alone
 * (two instances sweeping at once never take the same), and `settle` records what became of it.
 */
export interface DeliveryQueue<T> {
  /** What the log calls one of them. */
  name: string;
  claimNext(now: Date): Promise<T | undefined>;
  deliver(item: T): Promise<DeliveryOutcome>;
  settle(item: T, outcome: DeliveryOutcome, now: Date): Promise<void>;
}

export interface DeliverySchedule {
  /** One sweep now; resolves when it is done (errors are logged, never thrown). */
  runOnce(): Promise<void>;
  /** Stops the timer and waits for a sweep in progress, so the database can be closed after it. */
  stop(): Promise<void>;
}

/**
 * Sends at most this many per sweep, from all queues together, one after the other with a pause between:
 * far inside Teams' limits per conversation (about seven messages a second) and per bot, whatever the
 * mix of recipients.
 */
const maxPerSweep = 50;
const pauseBetweenSendsMs = 250;

/**
 * The periodic sweep that delivers what is due (reminders, invitations a round did not get to send), like
 * the retention schedule: the timer is unref'd, a failed sweep waits for the next, and the claims in the
 * stores make several instances safe together.
 */
export function startDeliverySchedule(options: {
  // Each queue's own item type: the methods of a queue are checked both ways, so any queue fits here.
  queues: ReadonlyArray<DeliveryQueue<unknown>>;
  intervalMs: number;
  now?: () => Date;
}): DeliverySchedule {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;

  const deliverOne = async (queue: DeliveryQueue<unknown>, item: unknown) => {
    let outcome: DeliveryOutcome;
    try {
      outcome = await queue.deliver(item);
    } catch (error) {
      logger.warn(
        { err: { name: (error as Error).name, message: (error as Error).message } },
        `${queue.name} not sent`,
      );
      outcome = "notDelivered";
    }
    await queue.settle(item, outcome, now());
  };

  const sweepQueue = async (queue: DeliveryQueue<unknown>, sent: number): Promise<number> => {
    try {
      for (; sent < maxPerSweep && !stopped; sent++) {
        if (sent > 0) await new Promise((resolve) => setTimeout(resolve, pauseBetweenSendsMs));
        const item = await queue.claimNext(now());
        if (item === undefined) break;
        await deliverOne(queue, item);
      }
    } catch (error) {
      logger.error(
        { err: { name: (error as Error).name, message: (error as Error).message } },
        `${queue.name} sweep failed`,
      );
    }
    return sent;
  };
  const sweep = async () => {
    let sent = 0;
    for (const queue of options.queues) sent = await sweepQueue(queue, sent);
  };
  const runOnce = () => {
    running ??= sweep().then(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void runOnce(), options.intervalMs);
  timer.unref();
  void runOnce();
  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
