import { AsyncLocalStorage } from "node:async_hooks";
import type { SqlQueryable } from "@prisma/driver-adapter-utils";
import type { PrismaClient } from "../../generated/prisma";
import { logger } from "../logger";
import type { SqlConnection } from "./sql-connection";

/**
 * One database transaction per turn (a unit of work): the dedup claim, the state read, every write the
 * handlers make and the state save commit together or not at all. The turn owns its transaction on the
 * driver (turn-connections.ts: a pg client of the one pool, or PGlite's one connection) and everything the
 * turn runs goes there, found through AsyncLocalStorage: the hot statements (hot-statements.ts) and every
 * Prisma call, which the turn-aware adapter (turn-aware-adapter.ts) sends to the turn's connection. Outside
 * a turn (admin API, retention jobs, the emergency help) calls go to the database as before.
 *
 * Prisma's own interactive transaction did the same for ~1 ms of CPU per turn (bench/RESULTS.md).
 * On the embedded database a query that escaped the turn's connection would wait for the very
 * transaction it runs in: PGlite has one connection and the turn holds it.
 */
export interface TurnConnection {
  /** For the hot statements. */
  readonly sql: SqlConnection;
  /** The driver's own client, which the turn-aware adapter runs Prisma's queries on. */
  readonly driverClient: unknown;
}

/** A transaction a turn holds on a connection of its own; exactly one of the three ends it. */
export interface OpenTransaction {
  readonly connection: TurnConnection;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Ends the transaction now, even under a statement still running; the database rolls it back. */
  abort(): Promise<void>;
}

/** Where turns get their transactions: the database (database.ts). */
export interface TurnTransactions {
  /** BEGINs on a connection of the turn's own; rejects when none is free within `maxWaitMs`. */
  begin(maxWaitMs: number): Promise<OpenTransaction>;
}

interface TurnUnit {
  readonly connection: TurnConnection;
  afterCommit: Array<() => Promise<void>>;
  savepoints: number;
  /** Set once the transaction has ended: a call still arriving must not run on a connection given back. */
  over: boolean;
  /** Prisma's queryable on the turn's connection, made by the turn-aware adapter on first use. */
  prismaQueryable?: SqlQueryable;
}

const currentTurn = new AsyncLocalStorage<TurnUnit>();

export interface TurnTransactionOptions {
  /** Longest wait for the transaction to start (on PGlite: for the other turns ahead of it). */
  maxWaitMs: number;
  /** Longest a turn may hold its transaction before it is rolled back. */
  timeoutMs: number;
}

/**
 * Turns on PGlite queue for its one connection, so the wait to start is generous; a turn itself does
 * no network call while it holds the transaction except Teams' own look-ups, hence the timeout.
 */
export const defaultTurnTransactionOptions: TurnTransactionOptions = { maxWaitMs: 30_000, timeoutMs: 15_000 };

/** The turn held its transaction past the hold limit: everything it wrote was rolled back. */
export class TurnTransactionTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`The turn held its database transaction longer than ${timeoutMs} ms and was rolled back`);
    this.name = "TurnTransactionTimeout";
  }
}

/** Runs `work` as one transaction; work queued with `afterCommit` runs once it has committed. */
export async function inTurnTransaction<T>(
  transactions: TurnTransactions,
  work: () => Promise<T>,
  options: TurnTransactionOptions = defaultTurnTransactionOptions,
): Promise<{ result: T; afterCommit: () => Promise<void> }> {
  if (currentTurn.getStore()) throw new Error("A turn transaction cannot be nested in another");
  const transaction = await transactions.begin(options.maxWaitMs);
  const unit: TurnUnit = { connection: transaction.connection, afterCommit: [], savepoints: 0, over: false };
  let aborted: Promise<void> | undefined;
  // The connection is freed at the limit; the turn itself fails once its work has settled (its next
  // statement finds the transaction over), so nothing of it runs on after its turn has ended.
  const holdLimit = setTimeout(() => {
    unit.over = true;
    aborted = transaction.abort().catch((error: Error) => {
      logger.warn({ err: { message: error.message } }, "a turn held past its limit could not be rolled back");
    });
  }, options.timeoutMs);
  let result: T;
  try {
    result = await currentTurn.run(unit, work);
  } catch (error) {
    end(unit, holdLimit);
    if (aborted) throw await timedOut(aborted, options.timeoutMs);
    await transaction.rollback();
    throw error;
  }
  const queued = end(unit, holdLimit);
  if (aborted) throw await timedOut(aborted, options.timeoutMs);
  await transaction.commit();
  return {
    result,
    afterCommit: async () => {
      for (const job of queued) await job();
    },
  };
}

/**
 * Marks the turn over and lets go of what it queued: a timer or socket made during the turn keeps the
 * unit (its async context) alive long after, and must not keep the turn's closures with it.
 */
function end(unit: TurnUnit, holdLimit: NodeJS.Timeout): Array<() => Promise<void>> {
  clearTimeout(holdLimit);
  unit.over = true;
  const queued = unit.afterCommit;
  unit.afterCommit = [];
  unit.prismaQueryable = undefined;
  return queued;
}

async function timedOut(aborted: Promise<void>, timeoutMs: number): Promise<TurnTransactionTimeout> {
  await aborted;
  return new TurnTransactionTimeout(timeoutMs);
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

/** A statement of a turn whose transaction has ended: it was not run, and must not run elsewhere. */
export class TurnTransactionOver extends Error {
  constructor() {
    super("The turn's transaction is over; its statement was not run");
    this.name = "TurnTransactionOver";
  }
}

/** Inside a turn: the turn, once checked it is still running. Outside: undefined. */
function runningTurn(): TurnUnit | undefined {
  const turn = currentTurn.getStore();
  if (turn?.over) throw new TurnTransactionOver();
  return turn;
}

/** Inside a turn: the connection of its transaction. Outside: undefined, and the caller uses the database's own. */
export function currentTurnConnection(): SqlConnection | undefined {
  return runningTurn()?.connection.sql;
}

/**
 * Inside a turn: Prisma's queryable on the turn's connection, made once per turn by `make` from the
 * driver's client. Outside: undefined.
 */
export function currentTurnQueryable(make: (driverClient: unknown) => SqlQueryable): SqlQueryable | undefined {
  const turn = runningTurn();
  if (!turn) return undefined;
  return (turn.prismaQueryable ??= whileRunning(turn, make(turn.connection.driverClient)));
}

// A savepoint holds on to the queryable, so the check is made again at each query.
function whileRunning(turn: TurnUnit, queryable: SqlQueryable): SqlQueryable {
  const check = () => {
    if (turn.over) throw new TurnTransactionOver();
  };
  return {
    provider: queryable.provider,
    adapterName: queryable.adapterName,
    queryRaw: async (query) => (check(), queryable.queryRaw(query)),
    executeRaw: async (query) => (check(), queryable.executeRaw(query)),
  };
}

/** The savepoint `name` on the turn's connection, queued (like every statement) behind what the turn sent before. */
export function nextSavepointName(): string {
  const turn = runningTurn();
  if (!turn) throw new Error("A savepoint exists only inside a turn's transaction");
  return `turn_savepoint_${++turn.savepoints}`;
}

/**
 * The Prisma client every store gets. Prisma batches the `findUnique` calls of one tick into one query and
 * runs it in the async context of the first: inside a turn each such call first waits for a tick of its
 * own, so a read of one turn never runs on another turn's connection.
 */
export function turnScoped(prisma: PrismaClient): PrismaClient {
  const delegates = new Map<string | symbol, unknown>();
  return new Proxy(prisma, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof value === "function") return (value as (...args: unknown[]) => unknown).bind(target);
      if (typeof property !== "string" || property.startsWith("$") || typeof value !== "object" || value === null)
        return value;
      let delegate = delegates.get(property);
      if (!delegate) delegates.set(property, (delegate = turnIsolatedReads(value)));
      return delegate;
    },
  });
}

const batchedReads = new Set<string | symbol>(["findUnique", "findUniqueOrThrow"]);

function turnIsolatedReads(delegate: object): object {
  return new Proxy(delegate, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!batchedReads.has(property)) return method.bind(target);
      return (...args: unknown[]) => {
        if (!currentTurn.getStore()) return method.apply(target, args);
        return new Promise((resolve) => setImmediate(resolve)).then(() => method.apply(target, args));
      };
    },
  });
}
