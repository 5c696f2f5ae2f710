import { randomBytes, randomUUID } from "node:crypto";
import { messages, PGlite, protocol } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/platform/storage/database";
import { applyMigrations } from "../../src/platform/storage/migrate";
import {
  pgliteConnection,
  type PreparedStatement,
  type SqlConnection,
} from "../../src/platform/storage/sql-connection";
import { pgliteTurnTransactions } from "../../src/platform/storage/turn-connections";
import { inTurnTransaction } from "../../src/platform/storage/turn-transaction";
import { createDatabaseTarget, useMigratedDatabase } from "../support/database-targets";
import { pgliteStatementsDuring } from "../support/pglite-statements";

/** `work` on a turn's connection of `pglite`, committed when it succeeds, else rolled back. */
async function transactionOn<T>(pglite: PGlite, work: (connection: SqlConnection) => Promise<T>): Promise<T> {
  const transaction = await pgliteTurnTransactions(pglite).begin(5000);
  let result: T;
  try {
    result = await work(transaction.connection.sql);
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
  await transaction.commit();
  return result;
}

const parsesOf = async (name: string, work: () => Promise<unknown>) =>
  (await pgliteStatementsDuring(work)).filter((statement) => statement === `parse:${name}`).length;

describe("a named statement on PGlite, inside a transaction", () => {
  let pglite: PGlite;
  beforeAll(async () => {
    pglite = await PGlite.create();
  });
  afterAll(() => pglite.close());

  const inTransaction = <Row>(statement: PreparedStatement, values: readonly unknown[] = []) =>
    transactionOn(pglite, (connection) => connection.query<Row>(statement, values));

  it("sends the values and reads the rows as PGlite's query does: jsonb, timestamps, bytea, booleans, arrays, uuid, numbers, nulls", async () => {
    const statement: PreparedStatement = {
      name: "test_every_type",
      text: `SELECT $1::jsonb AS data, $2::timestamptz AS at, $3::timestamptz AT TIME ZONE 'UTC' AS local_at,
        $4::bytea AS bytes, $5::boolean AS yes, $6::text[] AS keys, $7::uuid AS id, $8::uuid[] AS ids,
        $9::int AS count, $10::double precision AS seconds, $11::text AS nothing, 1 AS one,
        EXISTS (SELECT 1 WHERE false) AS no, NULL::timestamp AS never, ARRAY[1, 2] AS numbers`,
    };
    const values = [
      JSON.stringify({ step: 3, text: 'å "citat" \\ ä', list: [1, null] }),
      new Date("2026-01-02T03:04:05.678Z"),
      "2026-01-02T03:04:05.678Z",
      randomBytes(32),
      true,
      ["a", 'b "quoted", with comma', "c\\d"],
      randomUUID(),
      [randomUUID(), randomUUID()],
      42,
      600.5,
      null,
    ];
    const [viaQuery] = (await pglite.query(statement.text, values)).rows;
    const [prepared] = await inTransaction<Record<string, unknown>>(statement, values);
    expect(prepared).toEqual(viaQuery);
    expect(prepared).toMatchObject({ data: { step: 3 }, at: expect.any(Date), yes: true, no: false, never: null });
    expect(prepared.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(prepared.bytes as Uint8Array).equals(values[3] as Buffer)).toBe(true);
    expect(prepared.keys).toEqual(values[5]);
  });

  it("parses a statement once on the instance, even when the transaction that first ran it was rolled back", async () => {
    await pglite.exec("CREATE TABLE counted (n int)");
    const insert: PreparedStatement = {
      name: "test_insert_counted",
      text: "INSERT INTO counted VALUES ($1) RETURNING n",
    };
    const parses = await parsesOf(insert.name, async () => {
      const rolledBack = transactionOn(pglite, async (connection) => {
        await connection.query(insert, [1]);
        throw new Error("the transaction fails");
      });
      await expect(rolledBack).rejects.toThrow("the transaction fails");
      expect(await inTransaction(insert, [2])).toEqual([{ n: 2 }]);
      expect(await inTransaction(insert, [3])).toEqual([{ n: 3 }]);
    });
    expect(parses).toBe(1);
    expect((await pglite.query("SELECT n FROM counted ORDER BY n")).rows).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it("parses a statement again after its parse failed: no statement is taken to exist that does not", async () => {
    const read: PreparedStatement = { name: "test_read_later", text: "SELECT n FROM later" };
    const parses = await parsesOf(read.name, async () => {
      const failed = inTransaction(read);
      await expect(failed).rejects.toBeInstanceOf(messages.DatabaseError);
      await expect(failed).rejects.toMatchObject({ code: "42P01", query: read.text });
      await pglite.exec("CREATE TABLE later (n int); INSERT INTO later VALUES (7)");
      expect(await inTransaction(read)).toEqual([{ n: 7 }]);
    });
    expect(parses).toBe(2);
  });

  it("replaces a statement of the same name already on the connection (a parse whose answer was lost)", async () => {
    const { serialize } = protocol;
    for (const message of [serialize.parse({ name: "test_replaced", text: "SELECT 'stale' AS v" }), serialize.sync()])
      await pglite.execProtocolStream(message, { syncToFs: false });
    expect(await inTransaction({ name: "test_replaced", text: "SELECT 'current' AS v" })).toEqual([{ v: "current" }]);
  });

  it("refuses a call that comes after its transaction has ended, so it never runs outside it", async () => {
    await pglite.exec("CREATE TABLE kept (n int)");
    const connection = await transactionOn(pglite, async (connection) => connection);
    await expect(
      connection.query({ name: "test_insert_kept", text: "INSERT INTO kept VALUES (1)" }, []),
    ).rejects.toThrow("Transaction is closed");
    expect((await pglite.query("SELECT count(*)::int AS n FROM kept")).rows).toEqual([{ n: 0 }]);
  });

  it("parses its statements again on another instance", async () => {
    const other = await PGlite.create();
    try {
      const statement: PreparedStatement = { name: "test_on_each_instance", text: "SELECT 1 AS one" };
      const parses = await parsesOf(statement.name, async () => {
        expect(await inTransaction(statement)).toEqual([{ one: 1 }]);
        const onOther = await transactionOn(other, (connection) => connection.query(statement, []));
        expect(onOther).toEqual([{ one: 1 }]);
        expect(await inTransaction(statement)).toEqual([{ one: 1 }]);
      });
      expect(parses).toBe(2);
    } finally {
      await other.close();
    }
  });

  it("answers as PGlite's query does outside a transaction", async () => {
    const statement: PreparedStatement = { name: "test_outside", text: "SELECT $1::text[] AS keys" };
    expect(await pgliteConnection(pglite).query(statement, [["a", "b"]])).toEqual(
      await inTransaction(statement, [["a", "b"]]),
    );
  });
});

describe("the hot statements on PGlite inside a turn, against outside one", () => {
  const database = useMigratedDatabase("pglite");
  const hot = () => database.db.hot;
  const inTurn = async <T>(work: () => Promise<T>) => (await inTurnTransaction(database.db.turns, work)).result;
  const bothWays = async <T>(work: () => Promise<T>) => ({ outside: await work(), inside: await inTurn(work) });

  it("read the same rows, to the type: state (jsonb), progress (timestamps, nulls), memberships (uuid)", async () => {
    const user = { userId: `aad-${randomUUID()}`, tenantId: "t" };
    const keys = [`k-${randomUUID()}`, `k-${randomUUID()}`].sort(); // the order the rows come in
    await hot().saveState({ key: keys[0], etag: "e1", json: JSON.stringify({ step: 3, å: ["ä", null] }), owner: null });
    await hot().saveState({ key: keys[1], etag: "e2", json: "{}", owner: user.userId });
    await hot().recordStep(user, "tema-1", { stepId: "s2", stepIndex: 1, stepCount: 4 });
    await hot().markCompleted(user, "tema-2", 5);
    const organisation = await database.db.prisma.organisation.create({
      data: { id: randomUUID(), name: "Kommunen", orgNumber: randomUUID(), kind: "kommun" },
    });
    await database.db.prisma.membership.create({
      data: { id: randomUUID(), organisationId: organisation.id, userId: user.userId, role: "officer" },
    });

    const claims = await bothWays(() =>
      hot().claimWithState({ conversationId: "a:c", activityId: randomUUID() }, 600, [...keys, "missing"]),
    );
    expect(claims.inside).toEqual(claims.outside);
    expect(claims.inside.state.map((row) => row.data)).toEqual([{ step: 3, å: ["ä", null] }, {}]);
    const states = await bothWays(() => hot().readState(keys));
    expect(states.inside).toEqual(states.outside);
    const progress = await bothWays(() => hot().progressOfUser(user.userId));
    expect(progress.inside).toEqual(progress.outside);
    expect(progress.inside).toMatchObject([
      { themeId: "tema-1", stepIndex: 1, updatedAt: expect.any(Date), completedAt: null },
      { themeId: "tema-2", completedAt: expect.any(Date) },
    ]);
    const memberships = await bothWays(() => hot().membershipsOfUser(user.userId, [organisation.id, randomUUID()]));
    expect(memberships.inside).toEqual(memberships.outside);
    expect(memberships.inside).toEqual([{ organisationId: organisation.id, role: "officer" }]);
  });

  it("answer the writes the same and store the same: state, claims, progress, reflection bytes, references", async () => {
    const writes = async (inside: boolean) => {
      const run = <T>(work: () => Promise<T>) => (inside ? inTurn(work) : work());
      const id = randomUUID();
      const user = { userId: `aad-${id}`, tenantId: "t" };
      const activity = { conversationId: `a:${id}`, activityId: id };
      const reflection = {
        ...{ id, userId: user.userId, themeId: "tema-1", stepId: "s3", keyId: "k1", saveKey: "card:s3" },
        ...{ nonce: randomBytes(12), ciphertext: randomBytes(40) },
      };
      const key = `k-${id}`;
      const answers = [
        await run(() => hot().saveState({ key, etag: "e1", json: '{"a":1}', owner: user.userId, expectedEtag: "x" })),
        await run(() => hot().saveState({ key, etag: "e2", json: '{"a":2}', owner: null, expectedEtag: "e1" })),
        await run(() => hot().saveState({ key, etag: "e3", json: '{"a":3}', owner: null, expectedEtag: "e1" })),
        (await run(() => hot().claimWithState(activity, 600, [key]))).claimed,
        (await run(() => hot().claimWithState(activity, 600, [key]))).claimed,
        await run(() => hot().rememberInvokeResponse(activity, { status: 200, body: { sealed: "å" } })),
        await run(() => hot().recordStep(user, "tema-1", { stepId: "s1", stepIndex: 0, stepCount: 4 })),
        await run(() => hot().markCompleted(user, "tema-1", 4)),
        await run(() => hot().insertReflection(reflection)),
        await run(() => hot().insertReflection({ ...reflection, id: randomUUID() })),
        await run(() => hot().touchUserActivity(user.userId, new Date("2026-01-01T08:00:00.123Z"))),
        await run(() =>
          hot().rememberConversationReference(user.userId, "t", { conversation: { id: activity.conversationId } }),
        ),
      ];
      const prisma = database.db.prisma;
      const stored = {
        state: await prisma.botState.findUniqueOrThrow({
          where: { key },
          select: { etag: true, data: true, userId: true },
        }),
        invokeResponse: (
          await prisma.processedActivity.findUniqueOrThrow({ where: { conversationId_activityId: activity } })
        ).invokeResponse,
        progress: await prisma.themeProgress.findMany({
          where: { userId: user.userId },
          select: { stepId: true, stepIndex: true, stepCount: true, completedAt: true },
        }),
        reflection: await prisma.reflection.findUniqueOrThrow({
          where: { id },
          select: { nonce: true, ciphertext: true },
        }),
        lastSeen: (await prisma.userActivity.findUniqueOrThrow({ where: { userId: user.userId } })).lastSeenAt,
        reference: (await prisma.conversationReference.findFirstOrThrow({ where: { userId: user.userId } })).reference,
      };
      expect(Buffer.from(stored.reflection.ciphertext).equals(reflection.ciphertext)).toBe(true);
      return {
        answers,
        stored: {
          ...stored,
          state: { ...stored.state, userId: stored.state.userId === user.userId },
          progress: stored.progress.map((row) => ({ ...row, completedAt: row.completedAt instanceof Date })),
          reflection: Buffer.from(stored.reflection.nonce).equals(reflection.nonce),
          reference: JSON.stringify(stored.reference).replace(id, "<id>"),
        },
      };
    };
    const outside = await writes(false);
    expect(await writes(true)).toEqual(outside);
    expect(outside.answers).toEqual([
      true,
      true,
      false,
      true,
      false,
      ...Array(3).fill(undefined),
      true,
      false,
      undefined,
      undefined,
    ]);
  });

  it("fail inside a turn with the error they fail with outside; the turn is rolled back and the next one runs", async () => {
    const user = { userId: `aad-${randomUUID()}` };
    const badReflection = {
      ...{ id: "not-a-uuid", userId: user.userId, themeId: "tema-1", stepId: "s3", keyId: "k1", saveKey: null },
      ...{ nonce: randomBytes(12), ciphertext: randomBytes(40) },
    };
    const outside = await hot()
      .insertReflection(badReflection)
      .catch((error: unknown) => error);
    expect(outside).toBeInstanceOf(messages.DatabaseError);
    const failing = inTurn(async () => {
      await hot().recordStep(user, "tema-1", { stepId: "s1", stepIndex: 0, stepCount: 4 });
      await hot().insertReflection(badReflection);
    });
    const inside = await failing.catch((error: unknown) => error);
    expect(inside).toBeInstanceOf(messages.DatabaseError);
    expect(inside).toMatchObject({
      code: (outside as messages.DatabaseError).code,
      message: (outside as Error).message,
    });
    expect(await hot().progressOfUser(user.userId)).toEqual([]);

    await inTurn(() => hot().recordStep(user, "tema-1", { stepId: "s2", stepIndex: 1, stepCount: 4 }));
    expect(await hot().progressOfUser(user.userId)).toMatchObject([{ stepId: "s2" }]);
  });
});

describe("the hot statements' parses on a PGlite database", () => {
  let target: Awaited<ReturnType<typeof createDatabaseTarget>>;
  beforeAll(async () => {
    target = await createDatabaseTarget("pglite");
  });
  afterAll(() => target.cleanup());

  const turns = (db: Database, count: number) =>
    parsesOf("hot_record_step", async () => {
      for (let i = 0; i < count; i++)
        await inTurnTransaction(db.turns, () =>
          db.hot.recordStep({ userId: `aad-${randomUUID()}` }, "tema-1", { stepId: "s1", stepIndex: 0, stepCount: 4 }),
        );
    });

  it("are made once while the database is open, and again once it has been closed and opened again", async () => {
    const first = await openDatabase(target.options);
    await applyMigrations(first);
    expect(await turns(first, 3)).toBe(1);
    await first.close();
    const reopened = await openDatabase(target.options);
    try {
      expect(await turns(reopened, 2)).toBe(1);
      expect(await reopened.prisma.themeProgress.count()).toBe(5);
    } finally {
      await reopened.close();
    }
  });
});
