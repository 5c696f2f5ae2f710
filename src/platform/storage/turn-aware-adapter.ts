import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  Transaction,
} from "@prisma/driver-adapter-utils";
import { currentTurnQueryable, nextSavepointName, TurnTransactionOver } from "./turn-transaction";

/**
 * Prisma's driver adapter, made turn-aware: inside a turn (turn-transaction.ts) every query Prisma sends
 * runs on the turn's connection, in the turn's transaction, and a transaction Prisma starts there (a
 * store's own `$transaction`, or one Prisma needs for a write of several statements) is a savepoint of
 * it: still all-or-nothing, and a store that catches a failure inside it (a unique violation it retries,
 * say) leaves the turn's transaction usable, as PostgreSQL aborts a transaction on any error.
 */
export function turnAware(inner: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => turnAwareAdapter(await inner.connect()),
  };
}

function turnAwareAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const target = () => currentTurnQueryable((client) => onConnection(adapter, client)) ?? adapter;
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => target().queryRaw(query),
    executeRaw: (query) => target().executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: async (isolationLevel?: IsolationLevel) => {
      const turn = currentTurnQueryable((client) => onConnection(adapter, client));
      return turn ? savepoint(turn) : adapter.startTransaction(isolationLevel);
    },
    getConnectionInfo: adapter.getConnectionInfo && (() => adapter.getConnectionInfo!()),
    dispose: () => adapter.dispose(),
  };
}

/**
 * The adapter itself on one connection of the driver. Both adapters (@prisma/adapter-pg 6.19 and
 * pglite-prisma-adapter) keep their driver in `client` and send every query through `client.query`, which
 * a pg pool and its clients, and PGlite and the turn's client on it (pglite-turn-driver-client.ts), offer
 * alike; so the adapter on the turn's connection is the adapter with that client in place, its type
 * conversions and error mapping unchanged.
 */
function onConnection(adapter: SqlDriverAdapter, driverClient: unknown): SqlQueryable {
  return Object.create(adapter, { client: { value: driverClient } }) as SqlQueryable;
}

/** Prisma sends no BEGIN or COMMIT of its own for a transaction with `usePhantomQuery`: these are it. */
async function savepoint(turn: SqlQueryable): Promise<Transaction> {
  const name = nextSavepointName();
  await turn.executeRaw(statement(`SAVEPOINT ${name}`));
  return {
    provider: turn.provider,
    adapterName: turn.adapterName,
    options: { usePhantomQuery: true },
    queryRaw: (query) => turn.queryRaw(query),
    executeRaw: (query) => turn.executeRaw(query),
    commit: async () => void (await turn.executeRaw(statement(`RELEASE SAVEPOINT ${name}`))),
    // Prisma also rolls back from a timer of its own, where a rejection would end the process; once the
    // turn's transaction is over there is nothing left to roll back to.
    rollback: async () => {
      await turn.executeRaw(statement(`ROLLBACK TO SAVEPOINT ${name}`)).catch(unlessTurnOver);
    },
  };
}

function unlessTurnOver(error: unknown): void {
  if (!(error instanceof TurnTransactionOver)) throw error;
}

function statement(sql: string): SqlQuery {
  return { sql, args: [], argTypes: [] };
}
