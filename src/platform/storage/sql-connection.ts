import type { PGlite } from "@electric-sql/pglite";
import type { QueryConfig, QueryResult } from "pg";

/** A statement the hot path runs often: its name makes PostgreSQL parse and plan it once per connection. */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/**
 * The database driver itself, beside Prisma, for the few statements every turn runs (hot-statements.ts):
 * Prisma 6.19 compiles every call in its query compiler, ~0.6–1.2 ms of CPU, against ~0.15 ms here
 * (bench/RESULTS.md, "Profile"). Rows come back as objects keyed by column name, with the driver's own
 * types (jsonb parsed, timestamptz as Date).
 */
export interface SqlConnection {
  query<Row>(statement: PreparedStatement, values: readonly unknown[]): Promise<Row[]>;
}

/** What `pgConnection` needs of pg: a pool, or a turn's client (then inside the turn's transaction). */
export interface PgQueryable {
  query(config: QueryConfig): Promise<QueryResult>;
}

export function pgConnection(client: PgQueryable): SqlConnection {
  return {
    query: async <Row>(statement: PreparedStatement, values: readonly unknown[]) => {
      const result = await client.query({ name: statement.name, text: statement.text, values: [...values] });
      return result.rows as Row[];
    },
  };
}

/**
 * PGlite outside a turn: its `query` waits for the turn holding the connection (its transaction mutex) and
 * parses the text again each time. Inside a turn the statements are named (pglite-prepared-statements.ts).
 */
export function pgliteConnection(client: PGlite): SqlConnection {
  return {
    query: async <Row>(statement: PreparedStatement, values: readonly unknown[]) =>
      (await client.query<Row>(statement.text, [...values])).rows,
  };
}
