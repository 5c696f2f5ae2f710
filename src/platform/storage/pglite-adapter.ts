import type { PGlite } from "@electric-sql/pglite";
import type {
  ArgType,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  Transaction,
} from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * pglite-prisma-adapter 0.6.1 is built against Prisma 6.10's adapter interface. Prisma 6.19 sends
 * some arguments encoded and relies on the adapter to decode them by `argTypes` (as @prisma/adapter-pg
 * does): Bytes arrive as base64 strings, which PGlite refuses ("Invalid input for bytea type"), so
 * e.g. `reflection.create` fails. This wraps the adapter and decodes those arguments first.
 */
export function createPgliteAdapter(pglite: PGlite): SqlDriverAdapterFactory {
  // Same runtime shape; only the 6.10 type declarations differ, hence the cast.
  const inner = new PrismaPGlite(pglite) as unknown as SqlDriverAdapterFactory;
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => withDecodedArgs(await inner.connect()),
  };
}

function withDecodedArgs(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const wrapped = withDecodedQueryArgs(adapter);
  wrapped.startTransaction = async (isolationLevel) =>
    withDecodedQueryArgs<Transaction>(await adapter.startTransaction(isolationLevel));
  return wrapped;
}

// Everything else (commit, rollback, executeScript, dispose, ...) is inherited from the original. The
// original's methods run on `this`, so a copy of the wrapper with another `client` (turn-aware-adapter.ts)
// queries that client.
function withDecodedQueryArgs<T extends SqlQueryable>(queryable: T): T {
  const wrapped = Object.create(queryable) as T;
  const { queryRaw, executeRaw } = queryable;
  wrapped.queryRaw = function (this: T, query) {
    return queryRaw.call(this, decodeArgs(query));
  };
  wrapped.executeRaw = function (this: T, query) {
    return executeRaw.call(this, decodeArgs(query));
  };
  return wrapped;
}

function decodeArgs(query: SqlQuery): SqlQuery {
  return { ...query, args: query.args.map((arg, index) => decodeArg(arg, query.argTypes[index])) };
}

function decodeArg(arg: unknown, argType: ArgType | undefined): unknown {
  if (arg === null || argType === undefined) {
    return arg;
  }
  if (Array.isArray(arg) && argType.arity === "list") {
    return arg.map((item) => decodeArg(item, { ...argType, arity: "scalar" }));
  }
  if (argType.scalarType === "bytes") {
    if (typeof arg === "string") return Buffer.from(arg, "base64");
    if (Array.isArray(arg)) return Buffer.from(arg as number[]);
  }
  return arg;
}
