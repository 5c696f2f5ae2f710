import type { Database } from "../storage/database";
import { logger } from "../logger";

export interface DatabaseReadinessOptions {
  /** Applies the migrations and anything else the bot needs before its first turn; may run again after a failure. */
  prepare: () => Promise<void>;
  /** First wait before preparing again while the database is unreachable; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * Lets the bot start, and keep answering `akut` and the health probes, while PostgreSQL is unreachable:
 * the migrations are applied in the background as soon as the database answers. A failure with the
 * database reachable (a bad or changed migration) still stops the start, as before.
 */
export class DatabaseReadiness {
  private prepared = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private attempt?: Promise<void>;

  constructor(
    private readonly database: Database,
    private readonly options: DatabaseReadinessOptions,
  ) {}

  /** Resolves once prepared, or degraded with a retry scheduled; rejects only on a real migration error. */
  async start(): Promise<void> {
    try {
      await this.options.prepare();
      this.prepared = true;
    } catch (error) {
      if (await this.database.ping()) throw error;
      logger.warn({ err: describe(error) }, "database unreachable at start: running degraded until it answers");
      this.schedule(this.options.retryMs ?? 1000);
    }
  }

  /** Migrations applied (turns may use the database). */
  get isPrepared(): boolean {
    return this.prepared;
  }

  /** Waits for a running background attempt (for a clean stop). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.attempt?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.attempt = this.options.prepare().then(
        () => {
          this.prepared = true;
          logger.info("database reachable again: migrations applied, leaving degraded mode");
        },
        (error: unknown) => {
          logger.warn({ err: describe(error) }, "database still not ready");
          this.schedule(Math.min(delayMs * 2, this.options.maxRetryMs ?? 15_000));
        },
      );
    }, delayMs);
    this.timer.unref();
  }
}

function describe(error: unknown): { name?: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}
