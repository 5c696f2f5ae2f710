import type { PGlite } from "@electric-sql/pglite";
import type { Pool } from "pg";
import { logger } from "../logger";
import { LazilyBegunClient, TurnTransactionNotBegun } from "./begin-with-first-statement";
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
 * PostgreSQL: each turn takes a client of the one pool and holds it until COMMIT or ROLLBACK; the BEGIN
 * travels with the turn's first statement (begin-with-first-statement.ts), and a turn that ran none is
 * no transaction at all. A client whose connection broke, whose first statement (BEGIN with it) failed,
 * or whose COMMIT or ROLLBACK failed, is destroyed rather than given back, so the next turn never gets a
 * connection in an unknown state.
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
      const turnClient = new LazilyBegunClient(client, () => released);
      const end = async (sql: "COMMIT" | "ROLLBACK") => {
        // Nothing was sent: there is no transaction to end.
        if (!turnClient.begun) return release();
        try {
          // Queued behind every statement of the turn, and refused if the first of them failed.
          const { command } = await turnClient.query({ text: sql });
          // PostgreSQL answers the COMMIT of a transaction an error aborted with ROLLBACK, not an error.
          if (sql === "COMMIT" && command === "ROLLBACK") {
            release();
            throw new TurnTransactionAborted();
          }
        } catch (error) {
          release(error as Error);
          if (!(error instanceof TurnTransactionNotBegun)) throw error;
          // Destroying the connection is the rollback; a commit of it keeps nothing.
          if (sql === "COMMIT") throw new TurnTransactionAborted();
          return;
        }
        release();
      };
      return {
        connection: { sql: pgConnection(turnClient), driverClient: turnClient },
        commit: () => end("COMMIT"),
        rollback: () => end("ROLLBACK"),
        // A turn that sent nothing has nothing to roll back: its client is as it was lent.
        abort: async () => release(turnClient.begun && new Error("the turn held its transaction too long")),
      } satisfies OpenTransaction;
    },
  };
}

/** The COMMIT of a turn whose transaction an error had aborted: the database kept nothing of it. */
class TurnTransactionAborted extends Error {
  constructor() {
    super("The turn's transaction was aborted by an earlier error: nothing of it was kept");
    this.name = "TurnTransactionAborted";
  }
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
