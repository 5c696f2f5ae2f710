import { AsyncLocalStorage } from "node:async_hooks";
import type { Prisma, PrismaClient } from "../../generated/prisma";
import type { SqlConnection } from "./sql-connection";

/**
 * One database transaction per turn (a unit of work): the dedup claim, the state read, every write the
 * handlers make and the state save commit together or not at all. The stores keep calling "their"
 * Prisma client; `turnScoped` hands them a client that sends each call made inside a turn to that
 * turn's transaction, found through AsyncLocalStorage. Outside a turn (admin API, retention jobs, the
 * emergency help) calls go to the database as before.
 *
 * On the embedded database this is also a must, not a nicety: PGlite has one connection and an
 * interactive transaction holds it, so a query made inside a turn that escaped the turn's transaction
 * would wait for the very transaction it runs in.
 */
interface TurnUnit {
  tx?: Prisma.TransactionClient;
  /** The driver connection Prisma's transaction runs on, for the hot statements (hot-statements.ts). */
  connection?: SqlConnection;
  afterCommit: Array<() => Promise<void>>;
  savepoints: number;
}

const currentTurn = new AsyncLocalStorage<TurnUnit>();

export interface TurnTransactionOptions {
  /** Longest wait for the transaction to start (on PGlite: for the other turns ahead of it). */
  maxWaitMs: number;
  /** Longest a turn may hold its transaction before the database rolls it back. */
  timeoutMs: number;
}

/**
 * Turns on PGlite queue for its one connection, so the wait to start is generous; a turn itself does
 * no network call while it holds the transaction except Teams' own look-ups, hence the timeout.
 */
export const defaultTurnTransactionOptions: TurnTransactionOptions = { maxWaitMs: 30_000, timeoutMs: 15_000 };

/** Runs `work` as one transaction; work queued with `afterCommit` runs once it has committed. */
export async function inTurnTransaction<T>(
  prisma: PrismaClient,
  work: () => Promise<T>,
  options: TurnTransactionOptions = defaultTurnTransactionOptions,
): Promise<{ result: T; afterCommit: () => Promise<void> }> {
  if (currentTurn.getStore()) throw new Error("A turn transaction cannot be nested in another");
  const queued: Array<() => Promise<void>> = [];
  const unit: TurnUnit = { afterCommit: queued, savepoints: 0 };
  // The unit is current before Prisma starts the transaction, so the driver connection it takes is
  // attached to this turn (attachToCurrentTurn) on its way to Prisma.
  const result = await currentTurn.run(unit, () =>
    baseClientOf(prisma).$transaction(
      (tx) => {
        unit.tx = tx;
        return work();
      },
      { maxWait: options.maxWaitMs, timeout: options.timeoutMs },
    ),
  );
  return {
    result,
    afterCommit: async () => {
      for (const job of queued) await job();
    },
  };
}

/**
 * Work with an effect outside the database (a proactive message) that must happen only if the turn
 * commits, and never twice when the turn is run again after a conflict. Outside a turn it runs now.
 */
export async function afterCommit(job: () => Promise<void>): Promise<void> {
  const turn = currentTurn.getStore();
  if (turn) turn.afterCommit.push(job);
  else await job();
}

/**
 * Called by the database's driver (database.ts) with the connection a transaction has just taken: inside
 * a turn that is the turn's transaction, the one its hot statements must run on. Outside a turn, nothing.
 */
export function attachToCurrentTurn(connection: SqlConnection): void {
  const turn = currentTurn.getStore();
  if (turn && !turn.connection) turn.connection = connection;
}

/**
 * Inside a turn: the connection of its transaction. Outside: undefined, and the caller uses the database's
 * own. A turn whose transaction has no connection yet cannot run SQL beside Prisma, so that throws.
 */
export function currentTurnConnection(): SqlConnection | undefined {
  const turn = currentTurn.getStore();
  if (!turn) return undefined;
  if (!turn.connection) throw new Error("The turn's transaction has no driver connection attached");
  return turn.connection;
}

const baseClient = Symbol("baseClient");

/** The Prisma client every store gets: inside a turn it is the turn's transaction. */
export function turnScoped(prisma: PrismaClient): PrismaClient {
  return new Proxy(prisma, {
    get(target, property) {
      if (property === baseClient) return target;
      const turn = currentTurn.getStore();
      if (!turn) return bound(target, property);
      if (!turn.tx) throw new Error("A store was called before the turn's transaction started");
      const tx = turn.tx;
      if (property === "$transaction") return (input: unknown) => nestedTransaction(tx, turn, input);
      const value = bound(tx, property);
      if (value === undefined) throw new Error(`${String(property)} is not available inside a turn's transaction`);
      return value;
    },
  });
}

function bound(client: object, property: string | symbol): unknown {
  const value = Reflect.get(client, property) as unknown;
  return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
}

function baseClientOf(prisma: PrismaClient): PrismaClient {
  return ((prisma as unknown as Record<symbol, PrismaClient | undefined>)[baseClient] ?? prisma) as PrismaClient;
}

/**
 * A store's own `$transaction` inside a turn becomes a savepoint of the turn's transaction: its writes
 * are still all-or-nothing, and a store that catches a failure inside it (a unique violation it
 * retries, say) leaves the turn's transaction usable, as PostgreSQL aborts a transaction on any error.
 */
async function nestedTransaction(tx: Prisma.TransactionClient, turn: TurnUnit, input: unknown): Promise<unknown> {
  const name = `turn_savepoint_${++turn.savepoints}`;
  await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
  try {
    const result =
      typeof input === "function"
        ? await (input as (tx: Prisma.TransactionClient) => Promise<unknown>)(tx)
        : await Promise.all(input as Array<Promise<unknown>>);
    await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}
