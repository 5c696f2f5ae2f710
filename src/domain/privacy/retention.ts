import { logger } from "../../platform/logger";

export interface Purgeable {
  purgeExpired(now?: Date): Promise<number>;
}

export interface RetentionSchedule {
  /** Runs one purge now; resolves when it is done (errors are logged, never thrown). */
  runOnce(): Promise<void>;
  /** Stops the timer and waits for a purge in progress, so the database can be closed after it. */
  stop(): Promise<void>;
}

/** Every five minutes: expired incidents go well within the day, expired links within minutes. */
export const defaultRetentionIntervalMs = 5 * 60 * 1000;

/**
 * Deletes what has outlived its retention: saved incidents and download links. Each purge is a
 * `DELETE ... WHERE expires_at <= now`, idempotent, so several instances may run it at the same time.
 * The timer is unref'd so it never keeps the process alive, and a failed run only waits for the next.
 */
export function startRetentionSchedule(options: {
  incidents: Purgeable;
  downloads: Purgeable;
  /** Further purges by name (inactive users, old audit entries), run with the others. */
  more?: Record<string, Purgeable>;
  intervalMs?: number;
}): RetentionSchedule {
  let running: Promise<void> | undefined;
  const purge = async (name: string, store: Purgeable) => {
    try {
      const deleted = await store.purgeExpired(new Date());
      if (deleted > 0) logger.info({ store: name, deleted }, "expired records deleted");
    } catch (error) {
      logger.error(
        { err: { name: (error as Error).name, message: (error as Error).message }, store: name },
        "purge failed",
      );
    }
  };
  const runOnce = () => {
    running ??= Promise.all([
      purge("incident", options.incidents),
      purge("download", options.downloads),
      ...Object.entries(options.more ?? {}).map(([name, store]) => purge(name, store)),
    ]).then(() => {
      running = undefined;
    });
    return running;
  };
  void runOnce();
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? defaultRetentionIntervalMs);
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
