import { logger } from "../../platform/logger";
import type { DueReminder, ReminderStore } from "./reminder-store";

/** What became of one reminder when its delivery was tried. */
export type DeliveryOutcome = "sent" | "notWanted" | "notDelivered";

export interface ReminderSchedule {
  /** One sweep now; resolves when it is done (errors are logged, never thrown). */
  runOnce(): Promise<void>;
  /** Stops the timer and waits for a sweep in progress, so the database can be closed after it. */
  stop(): Promise<void>;
}

/**
 * Sends at most this many per sweep, one after the other with a pause between: far inside Teams' limits
 * per conversation (about seven messages a second) and per bot, whatever the mix of recipients.
 */
const maxPerSweep = 50;
const pauseBetweenSendsMs = 250;

/**
 * The periodic sweep that delivers due reminders, like the retention schedule: the timer is unref'd, a
 * failed sweep waits for the next, and the claim in the store makes several instances safe together.
 */
export function startReminderSchedule(options: {
  store: ReminderStore;
  deliver: (reminder: DueReminder) => Promise<DeliveryOutcome>;
  intervalMs: number;
  now?: () => Date;
}): ReminderSchedule {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;

  const deliverOne = async (reminder: DueReminder) => {
    let outcome: DeliveryOutcome;
    try {
      outcome = await options.deliver(reminder);
    } catch (error) {
      logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "reminder not sent");
      outcome = "notDelivered";
    }
    if (outcome === "sent") await options.store.markSent(reminder.id, now());
    else if (outcome === "notWanted") await options.store.discard(reminder.id);
    else await options.store.release(reminder);
  };

  const sweep = async () => {
    try {
      for (let sent = 0; sent < maxPerSweep && !stopped; sent++) {
        if (sent > 0) await new Promise((resolve) => setTimeout(resolve, pauseBetweenSendsMs));
        const reminder = await options.store.claimNextDue(now());
        if (!reminder) return;
        await deliverOne(reminder);
      }
    } catch (error) {
      logger.error(
        { err: { name: (error as Error).name, message: (error as Error).message } },
        "reminder sweep failed",
      );
    }
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
