import type { PGlite } from "@electric-sql/pglite";
import type { Pool } from "pg";
import { logger } from "../logger";
import { pglitePreparedConnection } from "./pglite-prepared-statements";
import { pgliteTurnDriverClient } from "./pglite-turn-driver-client";
import { pgliteTurnSession } from "./pglite-turn-session";
import { pgConnection } from "./sql-connection";
import type { OpenTransaction, TurnTransactions } from "./turn-transaction";

/** No connection for the turn within the wait limit: the database is overloaded or gone. */
export class TurnTransactionWaitTimeout extends Error {
  constructor(maxWaitMs: number) {
    super(`No database connection was free for the turn within ${maxWaitMs} ms`);
    this.name = "TurnTransactionWaitTimeout";
  }
}

/**
 * PostgreSQL: each turn takes a client of the one pool and holds it from BEGIN to COMMIT or ROLLBACK. A
 * client whose connection broke, or whose BEGIN, COMMIT or ROLLBACK failed, is destroyed rather than
 * given back, so the next turn never gets a connection in an unknown state.
 */
export function pgTurnTransactions(pool: Pool): TurnTransactions {
  return {
    begin: async (maxWaitMs) => {
      const client = await within(maxWaitMs, pool.connect(), (late) => late.release());
      let broken: Error | undefined;
      // A checked-out client has no listener of the pool's: an unheard error would end the process.
      const onError = (error: Error) => {
        broken = error;
        logger.warn({ err: { message: error.message } }, "database connection of a turn lost");
      };
      client.on("error", onError);
      let released = false;
      const release = (error?: Error) => {
        if (released) return;
        released = true;
        client.removeListener("error", onError);
        client.release(error ?? broken);
      };
      const end = async (sql: "COMMIT" | "ROLLBACK") => {
        try {
          const { command } = await client.query(sql);
          // PostgreSQL answers the COMMIT of a transaction an error aborted with ROLLBACK, not an error.
          if (sql === "COMMIT" && command === "ROLLBACK") {
            release();
            throw new Error("The turn's transaction was aborted by an earlier error: nothing of it was kept");
          }
        } catch (error) {
          release(error as Error);
          throw error;
        }
        release();
      };
      try {
        await client.query("BEGIN");
      } catch (error) {
        release(error as Error);
        throw error;
      }
      return {
        connection: { sql: pgConnection(client), driverClient: client },
        commit: () => end("COMMIT"),
        rollback: () => end("ROLLBACK"),
        abort: async () => release(new Error("the turn held its transaction too long")),
      } satisfies OpenTransaction;
    },
  };
}

/**
 * PGlite: its one connection, taken by one turn at a time through PGlite's transaction mutex (which
 * queues the others and every query outside a turn: `query`, `exec` and `transaction` all take it) and
 * held until the turn settles its transaction. The turn's session sends BEGIN with its first statement
 * and COMMIT as one message (pglite-turn-session.ts); its hot statements run as named statements,
 * Prisma's queries through the session's driver client.
 */
export function pgliteTurnTransactions(pglite: PGlite): TurnTransactions {
  return {
    begin: async (maxWaitMs) => {
      const opened = new Promise<OpenTransaction>((started, failed) => {
        pglite
          ._runExclusiveTransaction(async () => {
            // A turn queued behind the database's close must not reach a closed instance.
            await pglite._checkReady();
            const session = pgliteTurnSession(pglite);
            let release: () => void = () => undefined;
            const held = new Promise<void>((resolve) => (release = resolve));
            const ending = (end: () => Promise<void>) => () => end().finally(release);
            started({
              connection: {
                sql: pglitePreparedConnection(pglite, session),
                driverClient: pgliteTurnDriverClient(pglite, session),
              },
              commit: ending(session.commit),
              rollback: ending(session.rollback),
              // PGlite runs one statement at a time to its end: the ROLLBACK comes right after it.
              abort: ending(session.rollback),
            });
            await held;
          })
          .catch(failed);
      });
      // The wait ended first: the transaction, once it comes, is ended empty.
      return within(maxWaitMs, opened, (late) => void late.rollback().catch(() => undefined));
    },
  };
}

/** `promise`, or the wait timeout after `ms`; what it yields late goes to `late`. */
async function within<T>(ms: number, promise: Promise<T>, late: (value: T) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let waited = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      waited = true;
      reject(new TurnTransactionWaitTimeout(ms));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
    if (waited) promise.then(late, () => undefined);
  }
}
