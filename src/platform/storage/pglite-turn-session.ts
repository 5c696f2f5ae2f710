import { messages, protocol, TransactionAbortedError, type PGlite, type QueryOptions } from "@electric-sql/pglite";

/** Sends the messages, concatenated, as one entry into Postgres; the answer to them, or their first error. */
export type SendToPostgres = (...parts: Uint8Array[]) => Promise<messages.BackendMessage[]>;

/**
 * A turn's transaction on PGlite's one connection, while the turn holds PGlite's transaction mutex
 * (turn-connections.ts): what the turn sends goes straight to Postgres as wire messages, and the
 * transaction exists in Postgres only once the turn sends its first statement.
 */
export interface PgliteTurnSession {
  /**
   * Runs `work` alone on the connection (PGlite's query mutex: nothing else's messages come between its
   * own); refused once the transaction has ended, so a statement arriving late never runs outside it.
   */
  exchange<T>(work: (send: SendToPostgres) => Promise<T>): Promise<T>;
  /** Rejects when Postgres rolled the transaction back instead (an error had aborted it). */
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

const { serialize } = protocol;
const begin = serialize.query("BEGIN");

/** The messages every statement of a turn ends with: run the bound (unnamed) portal, then Sync. */
export const executeAndSync: readonly Uint8Array[] = [serialize.execute({}), serialize.sync()];
/** A Sync alone, after a Parse and Describe whose answer is awaited before the Bind. */
export const sync = serialize.sync();

/*
 * What PGlite's own `transaction` does besides BEGIN and COMMIT, and why it is not needed here:
 * - its `#inTransaction` flag only spares a `syncToFs` after each query run inside the transaction; no
 *   query but the turn's runs while the turn holds the transaction mutex (`query`, `exec` and
 *   `transaction` all take it), and the turn's own messages are sent with `syncToFs: false`;
 * - `syncToFs` itself does nothing on NodeFS (nor in memory): each Postgres write is already a write()
 *   to the data folder (database.ts). PGlite's transaction calls it once, after BEGIN, and not after COMMIT.
 * Each entry into the WASM Postgres costs CPU of its own (~40–50 µs), and PGlite's transaction makes two
 * for BEGIN, two for COMMIT and six for each query.
 */
export function pgliteTurnSession(pglite: PGlite): PgliteTurnSession {
  let begun = false;
  let ended: Promise<void> | undefined;

  /*
   * The turn's first message carries BEGIN before it, as a simple query. Were BEGIN to fail, the
   * statements after it would run outside a transaction; but BEGIN fails only on a connection in an
   * aborted transaction, where those fail too (a BEGIN inside an open one is a warning, as on PGlite's own).
   */
  const send: SendToPostgres = async (...parts) => {
    if (begun) return pglite.execProtocolStream(concat(parts), { syncToFs: false });
    begun = true;
    const answer = await pglite.execProtocolStream(concat([begin, ...parts]), { syncToFs: false });
    return answer.slice(answer.findIndex((message) => message.name === "readyForQuery") + 1);
  };

  // Inside the query mutex: after any exchange already running, which may have sent the BEGIN.
  const end = (sql: "COMMIT" | "ROLLBACK") =>
    (ended ??= pglite.runExclusive(async () => {
      if (!begun) return;
      const answer = await pglite.execProtocolStream(serialize.query(sql), { syncToFs: false });
      const done = answer.find(
        (message): message is messages.CommandCompleteMessage => message.name === "commandComplete",
      );
      if (sql === "COMMIT" && done?.text === "ROLLBACK") throw new TransactionAbortedError();
    }));

  return {
    exchange: (work) =>
      pglite.runExclusive(async () => {
        if (ended) throw new Error("Transaction is closed");
        return work(send);
      }),
    commit: () => end("COMMIT"),
    rollback: () => end("ROLLBACK"),
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const message = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    message.set(part, offset);
    offset += part.length;
  }
  return message;
}

// As PGlite's own query does: the serializer of the parameter's type, else the value's text; null stays null.
export function serializedValues(
  pglite: PGlite,
  parameterTypes: readonly number[],
  values: readonly unknown[],
  serializers?: QueryOptions["serializers"],
): (string | null)[] {
  return values.map((value, index) => {
    if (value === null || value === undefined) return null;
    const type = parameterTypes[index];
    const serializer = serializers?.[type] ?? pglite.serializers[type];
    return serializer ? serializer(value) : (value as { toString(): string }).toString();
  });
}

// PGlite's query gives its DatabaseError the statement, the values and the options: an error reads the same from either path.
export function asQueryError(
  error: unknown,
  query: string,
  params: readonly unknown[],
  queryOptions?: QueryOptions,
): unknown {
  if (error instanceof messages.DatabaseError) Object.assign(error, { query, params: [...params], queryOptions });
  return error;
}
