import { Query, type PoolClient, type QueryConfig, type QueryResult } from "pg";

/**
 * A turn's pg client whose BEGIN is sent with the turn's first statement, in one round trip: a Nästa
 * press is then four round trips, not five, and a turn that runs no statement sends neither BEGIN nor
 * COMMIT. Everything of the turn goes through `query` (the hot statements and, as the driver client,
 * Prisma's adapter), so nothing can overtake the BEGIN.
 *
 * After a failure of the first statement the client's state is not worth knowing: BEGIN may or may not
 * have run, and pg's record of the statements it prepared on the connection may be wrong (it marks a
 * named statement parsed at the first ParseComplete, which here is BEGIN's). The owner destroys the client.
 * Every statement issued later waits for the first to be answered and is refused if it failed: queued
 * straight behind it in pg, it would run outside any transaction had BEGIN failed.
 */
export class LazilyBegunClient {
  private first: Promise<void> | undefined;
  /** The first statement answered, and how many statements issued before that still wait to be sent. */
  private open = false;
  private waiting = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly isReleased: () => boolean,
  ) {}

  /**
   * Undefined while no statement was sent (no transaction exists). Then: settles once the first
   * statement, BEGIN included, is answered; rejected if either failed.
   */
  get begun(): Promise<void> | undefined {
    return this.first;
  }

  /** pg's `client.query(config, values)`, as Prisma's adapter and the hot statements call it. */
  query(config: QueryConfig, values?: unknown[]): Promise<QueryResult> {
    if (this.open && this.waiting === 0) return this.send(config, values);
    if (!this.first) return this.sendFirst(config, values);
    // Each waits on the first itself: they go out in the order they were issued.
    this.waiting++;
    return this.first.then(
      () => (this.waiting--, this.send(config, values)),
      (error: unknown) => (this.waiting--, Promise.reject(new TurnTransactionNotBegun(error))),
    );
  }

  private send(config: QueryConfig, values?: unknown[]): Promise<QueryResult> {
    return this.isReleased() ? givenBack() : this.client.query(config, values);
  }

  private sendFirst(config: QueryConfig, values?: unknown[]): Promise<QueryResult> {
    if (this.isReleased()) return givenBack();
    const answered = new Promise<QueryResult>((resolve, reject) => {
      const answer: Answer = (error, result) => (error ? reject(error) : resolve(result));
      this.client.query(new BeginThenStatement(config, values, answer));
    });
    this.first = answered.then(() => void (this.open = true));
    this.first.catch(() => undefined); // the first statement's caller hears of the failure; the later ones are refused
    return answered;
  }
}

function givenBack(): Promise<never> {
  return Promise.reject(new Error("The turn's connection was given back; the statement was not run"));
}

/** A statement of a turn whose first statement failed: it was not sent, as no transaction may hold it. */
export class TurnTransactionNotBegun extends Error {
  constructor(cause: unknown) {
    super("The turn's first statement failed, so its transaction holds nothing; this statement was not run", {
      cause,
    });
    this.name = "TurnTransactionNotBegun";
  }
}

/** The part of pg's connection (lib/connection.js) the BEGIN is written with. */
interface ProtocolWriter {
  parse(message: { text: string }): void;
  bind(message: object): void;
  execute(message: object): void;
}

/** pg's Query as lib/query.js has it, with the members overridden below (not in @types/pg). */
interface QueryInternals {
  requiresPreparation(): boolean;
  prepare(connection: ProtocolWriter): void;
  handleCommandComplete(message: unknown, connection: ProtocolWriter): void;
}
type Answer = (error: Error | undefined, result: QueryResult) => void;
const PgQuery = Query as unknown as new (
  config: QueryConfig,
  values: unknown[] | undefined,
  answer: Answer,
) => Query & QueryInternals;

/**
 * pg sends each query as its own batch ending in Sync and waits for its ReadyForQuery before the next,
 * so two queries are two round trips. This one writes an unnamed Parse/Bind/Execute of BEGIN in front of
 * the statement's own messages (pg corks them into one write) under the statement's single Sync: one
 * round trip. The server runs them in order and, on an error, skips to the Sync: a statement never runs
 * without its BEGIN. The BEGIN's CommandComplete is not a result of the statement's; with it left out,
 * the answer is the statement's alone, as from a plain Query.
 */
export class BeginThenStatement extends PgQuery {
  private beginAnswered = false;

  // Even a statement without values goes in the extended protocol: a simple Query message ends in a
  // ReadyForQuery of its own, and the BEGIN would be a round trip apart again.
  override requiresPreparation(): boolean {
    return true;
  }

  override prepare(connection: ProtocolWriter): void {
    connection.parse({ text: "BEGIN" });
    connection.bind({});
    connection.execute({});
    super.prepare(connection);
  }

  override handleCommandComplete(message: unknown, connection: ProtocolWriter): void {
    if (!this.beginAnswered) {
      this.beginAnswered = true;
      return;
    }
    super.handleCommandComplete(message, connection);
  }
}
