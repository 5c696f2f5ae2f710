import { parse, protocol, type PGlite, type QueryOptions, type Results } from "@electric-sql/pglite";
import { asQueryError, executeAndSync, serializedValues, sync, type PgliteTurnSession } from "./pglite-turn-session";

/** What Prisma's adapter (pglite-prisma-adapter) calls on its client: all it needs inside a turn. */
export interface PgliteQueryClient {
  query<T>(query: string, params?: readonly unknown[], options?: QueryOptions): Promise<Results<T>>;
}

const { serialize } = protocol;
const describeStatement = serialize.describe({ type: "S" });
const describePortal = serialize.describe({ type: "P" });

/**
 * Prisma's queries in a turn's transaction on PGlite: PGlite's own `query`, unnamed statement and all, in
 * two entries into Postgres instead of six (the parse and the parameters' types, then the call), under
 * the query mutex so no other message comes between them. It answers as `query` does: the rows by
 * `rowMode` and `parsers`, `fields`, `affectedRows`, and the same DatabaseError, so the adapter maps its
 * results and errors unchanged. (PGlite's blob handling is for COPY, which Prisma never sends.)
 */
export function pgliteTurnDriverClient(pglite: PGlite, session: PgliteTurnSession): PgliteQueryClient {
  return {
    query: <T>(query: string, params: readonly unknown[] = [], options?: QueryOptions) =>
      session.exchange(async (send) => {
        try {
          const described = await send(
            serialize.parse({ text: query, types: options?.paramTypes }),
            describeStatement,
            sync,
          );
          const parameterTypes = parse.parseDescribeStatementResults(described);
          const values = serializedValues(pglite, parameterTypes, params, options?.serializers);
          const answer = await send(serialize.bind({ values }), describePortal, ...executeAndSync);
          return parse.parseResults(answer, pglite.parsers, options)[0] as Results<T>;
        } catch (error) {
          throw asQueryError(error, query, params, options);
        }
      }),
  };
}
