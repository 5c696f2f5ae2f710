import { randomUUID } from "node:crypto";
import { TransactionAbortedError } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { TurnTransactionNotBegun } from "../../src/platform/storage/begin-with-first-statement";
import { TurnTransactionWaitTimeout } from "../../src/platform/storage/turn-connections";
import {
  afterCommit,
  inTurnTransaction,
  turnScoped,
  TurnTransactionTimeout,
} from "../../src/platform/storage/turn-transaction";
import { DATABASE_KINDS, useMigratedDatabase } from "../support/database-targets";
import { statementsDuring } from "../support/pg-statements";
import { pgliteEntriesDuring } from "../support/pglite-statements";
import { postgresAvailable } from "../support/postgres";

function latch(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe.each(DATABASE_KINDS)("a turn's transaction on %s", async (kind) => {
  const pgAvailable = await postgresAvailable;

  describe.skipIf(kind === "postgres" && !pgAvailable)("", () => {
    const database = useMigratedDatabase(kind);
    const prisma = () => turnScoped(database.db.prisma);
    const step = { stepId: "s1", stepIndex: 0, stepCount: 4 };
    const activityCount = (userId: string) => database.db.prisma.userActivity.count({ where: { userId } });

    it("runs a store's own $transaction as a savepoint: a failed one is undone alone, the turn commits the rest", async () => {
      const user = { userId: `aad-${randomUUID()}` };
      const other = `aad-${randomUUID()}`;
      await inTurnTransaction(database.db.turns, async () => {
        await database.db.hot.recordStep(user, "tema-1", step);
        const failed = prisma().$transaction(async (tx) => {
          await tx.userActivity.create({ data: { userId: other } });
          throw new Error("the store gives up");
        });
        await expect(failed).rejects.toThrow("the store gives up");
        await prisma().$transaction(async (tx) => {
          // Inside the savepoint: the hot statement's uncommitted write is there, it is one transaction.
          expect(await tx.themeProgress.count({ where: { userId: user.userId } })).toBe(1);
          await tx.userActivity.create({ data: { userId: user.userId } });
        });
      });
      expect(await database.db.hot.progressOfUser(user.userId)).toHaveLength(1);
      expect(await activityCount(user.userId)).toBe(1);
      expect(await activityCount(other)).toBe(0);
    });

    it("rolls back a store's committed $transaction with the turn that fails after it", async () => {
      const user = { userId: `aad-${randomUUID()}` };
      const failing = inTurnTransaction(database.db.turns, async () => {
        await prisma().$transaction(async (tx) => tx.userActivity.create({ data: { userId: user.userId } }));
        await database.db.hot.recordStep(user, "tema-1", step);
        throw new Error("the turn fails");
      });
      await expect(failing).rejects.toThrow("the turn fails");
      expect(await activityCount(user.userId)).toBe(0);
      expect(await database.db.hot.progressOfUser(user.userId)).toEqual([]);
    });

    it("fails a turn that caught a failed statement of its own instead of reporting a commit that kept nothing", async () => {
      const user = { userId: `aad-${randomUUID()}` };
      await database.db.prisma.userActivity.create({ data: { userId: user.userId } });
      const turn = inTurnTransaction(database.db.turns, async () => {
        await database.db.hot.recordStep(user, "tema-1", step);
        await expect(prisma().userActivity.create({ data: { userId: user.userId } })).rejects.toThrow();
      });
      await expect(turn).rejects.toThrow();
      expect(await database.db.hot.progressOfUser(user.userId)).toEqual([]);
    });

    it("runs the work queued with afterCommit only once the turn has committed, and never for one rolled back", async () => {
      const ran: string[] = [];
      const committed = await inTurnTransaction(database.db.turns, async () => {
        await afterCommit(async () => void ran.push("committed"));
        return "done";
      });
      await expect(
        inTurnTransaction(database.db.turns, async () => {
          await afterCommit(async () => void ran.push("rolled back"));
          throw new Error("the turn fails");
        }),
      ).rejects.toThrow("the turn fails");
      expect(ran).toEqual([]);
      await committed.afterCommit();
      expect(committed.result).toBe("done");
      expect(ran).toEqual(["committed"]);
    });

    it("refuses a turn's transaction inside another", async () => {
      await expect(
        inTurnTransaction(database.db.turns, () => inTurnTransaction(database.db.turns, async () => "inner")),
      ).rejects.toThrow("cannot be nested");
    });

    it("rolls back a turn that holds its transaction past the hold limit and frees its rows before the turn ends", async () => {
      const key = `k-${randomUUID()}`;
      const user = { userId: `aad-${randomUUID()}` };
      await database.db.hot.saveState({ key, etag: "e1", json: "{}", owner: null });
      const stalled = latch();
      const locked = latch();
      const turn = inTurnTransaction(
        database.db.turns,
        async () => {
          await database.db.hot.readState([key]); // locks the row (PGlite: holds its one connection)
          await database.db.hot.recordStep(user, "tema-1", step);
          locked.open();
          await stalled.opened;
          await prisma().userActivity.create({ data: { userId: user.userId } });
        },
        { maxWaitMs: 5000, timeoutMs: 500 },
      );
      const rejected = expect(turn).rejects.toBeInstanceOf(TurnTransactionTimeout);
      // The write below must come after the turn holds the row, or it would not wait for anything (on a
      // loaded machine the turn's first statements can take longer than the write's).
      await Promise.race([locked.opened, turn.catch(() => undefined)]);
      // Waits for the row (PGlite: the connection) only until the limit has rolled the turn back.
      expect(await database.db.hot.saveState({ key, etag: "e2", json: "{}", owner: null, expectedEtag: "e1" })).toBe(
        true,
      );
      stalled.open();
      await rejected;
      expect(await database.db.hot.progressOfUser(user.userId)).toEqual([]);
      expect(await activityCount(user.userId)).toBe(0);
      await inTurnTransaction(database.db.turns, () => database.db.hot.recordStep(user, "tema-1", step));
      expect(await database.db.hot.progressOfUser(user.userId)).toHaveLength(1);
    });

    it.skipIf(kind !== "pglite")(
      "tells a turn that waited past the wait limit for the one connection, and starts the next after the holder",
      async () => {
        const held = latch();
        const holder = inTurnTransaction(database.db.turns, () => held.opened);
        await expect(
          inTurnTransaction(database.db.turns, async () => "never runs", { maxWaitMs: 50, timeoutMs: 1000 }),
        ).rejects.toBeInstanceOf(TurnTransactionWaitTimeout);
        held.open();
        await holder;
        expect((await inTurnTransaction(database.db.turns, async () => "next")).result).toBe("next");
      },
    );
  });
});

describe("a turn's BEGIN on PostgreSQL, sent with the turn's first statement", async () => {
  const pgAvailable = await postgresAvailable;

  describe.skipIf(!pgAvailable)("", () => {
    const database = useMigratedDatabase("postgres");
    const prisma = () => turnScoped(database.db.prisma);
    const step = { stepId: "s1", stepIndex: 0, stepCount: 4 };
    const activityCount = (userId: string) => database.db.prisma.userActivity.count({ where: { userId } });
    /** What each round trip carried: "BEGIN + x" is BEGIN and statement x under one Sync. */
    const roundTrips = async (work: () => Promise<unknown>) =>
      (await statementsDuring(work)).map(
        ({ withBegin, name, text }) => `${withBegin ? "BEGIN + " : ""}${name ?? text.trim()}`,
      );
    // Fails in PostgreSQL itself (the id is no uuid), after the BEGIN in front of it has run.
    const failingReflection = (userId: string) =>
      database.db.hot.insertReflection({
        id: "not-a-uuid",
        userId,
        themeId: "tema-1",
        stepId: "s1",
        keyId: "k1",
        nonce: new Uint8Array(12),
        ciphertext: new Uint8Array(16),
        saveKey: null,
      });

    it("sends BEGIN together with a first hot statement, in one round trip, and commits what it wrote", async () => {
      const user = { userId: `aad-${randomUUID()}` };
      const sent = await roundTrips(() =>
        inTurnTransaction(database.db.turns, () => database.db.hot.recordStep(user, "tema-1", step)),
      );
      expect(sent).toEqual(["BEGIN + hot_record_step", "COMMIT"]);
      expect(await database.db.hot.progressOfUser(user.userId)).toHaveLength(1);
    });

    it("sends BEGIN together with a first statement of Prisma's, which is then undone with the turn", async () => {
      const user = { userId: `aad-${randomUUID()}` };
      const sent = await statementsDuring(() =>
        inTurnTransaction(database.db.turns, async () => {
          await prisma().userActivity.create({ data: { userId: user.userId } });
          throw new Error("the turn fails");
        }).catch((error: Error) => expect(error.message).toBe("the turn fails")),
      );
      expect(sent.map(({ withBegin, text }) => ({ withBegin, text: text.trim() }))).toEqual([
        { withBegin: true, text: expect.stringContaining("user_activity") },
        { withBegin: undefined, text: "ROLLBACK" },
      ]);
      expect(await activityCount(user.userId)).toBe(0);
    });

    it("commits a turn whose first statement was Prisma's together with the hot statements after it", async () => {
      const user = { userId: `aad-${randomUUID()}` };
      await inTurnTransaction(database.db.turns, async () => {
        await prisma().userActivity.create({ data: { userId: user.userId } });
        await database.db.hot.recordStep(user, "tema-1", step);
      });
      expect(await activityCount(user.userId)).toBe(1);
      expect(await database.db.hot.progressOfUser(user.userId)).toHaveLength(1);
    });

    it("sends nothing at all for a turn that runs no statement, whether it succeeds or fails", async () => {
      const sent = await roundTrips(async () => {
        expect((await inTurnTransaction(database.db.turns, async () => "nothing to store")).result).toBe(
          "nothing to store",
        );
        await expect(
          inTurnTransaction(database.db.turns, async () => {
            throw new Error("the turn fails");
          }),
        ).rejects.toThrow("the turn fails");
      });
      expect(sent).toEqual([]);
    });

    it("rolls back a turn whose first statement fails, and the pool's next turns work", async () => {
      const user = { userId: `aad-${randomUUID()}` };
      // More failing turns than the pool has clients: a client left in an unknown state would be lent again.
      for (let i = 0; i < 12; i++) {
        await expect(inTurnTransaction(database.db.turns, () => failingReflection(user.userId))).rejects.toThrow(
          /uuid/,
        );
      }
      await inTurnTransaction(database.db.turns, () => database.db.hot.recordStep(user, "tema-1", step));
      expect(await database.db.hot.progressOfUser(user.userId)).toHaveLength(1);
    });

    it("runs nothing after a failed first statement, even what was issued alongside it, and fails the turn's commit", async () => {
      const user = { userId: `aad-${randomUUID()}` };
      const turn = inTurnTransaction(database.db.turns, async () => {
        const [first, alongside] = await Promise.allSettled([
          failingReflection(user.userId),
          database.db.hot.recordStep(user, "tema-1", step),
        ]);
        expect(first.status).toBe("rejected");
        expect(alongside).toMatchObject({ status: "rejected", reason: expect.any(TurnTransactionNotBegun) });
        await expect(prisma().userActivity.create({ data: { userId: user.userId } })).rejects.toThrow();
      });
      await expect(turn).rejects.toThrow("nothing of it was kept");
      expect(await database.db.hot.progressOfUser(user.userId)).toEqual([]);
      expect(await activityCount(user.userId)).toBe(0);
    });

    it("still fails a turn whose COMMIT PostgreSQL answers with ROLLBACK, after a later statement failed", async () => {
      const user = { userId: `aad-${randomUUID()}` };
      const sent = await roundTrips(async () => {
        const turn = inTurnTransaction(database.db.turns, async () => {
          await database.db.hot.recordStep(user, "tema-1", step);
          await expect(failingReflection(user.userId)).rejects.toThrow(/uuid/);
        });
        await expect(turn).rejects.toThrow("nothing of it was kept");
      });
      expect(sent).toEqual(["BEGIN + hot_record_step", "hot_insert_reflection", "COMMIT"]);
      expect(await database.db.hot.progressOfUser(user.userId)).toEqual([]);
    });
  });
});

describe("a turn's transaction on PGlite, as it reaches Postgres", () => {
  const database = useMigratedDatabase("pglite");
  const prisma = () => turnScoped(database.db.prisma);
  const inTurn = async <T>(work: () => Promise<T>) => (await inTurnTransaction(database.db.turns, work)).result;
  const step = { stepId: "s1", stepIndex: 0, stepCount: 4 };

  it("sends BEGIN in one entry with the turn's first hot statement, and COMMIT in one entry of its own", async () => {
    await inTurn(() => database.db.hot.recordStep({ userId: `aad-${randomUUID()}` }, "tema-1", step)); // parsed
    const entries = await pgliteEntriesDuring(() =>
      inTurn(() => database.db.hot.recordStep({ userId: `aad-${randomUUID()}` }, "tema-1", step)),
    );
    expect(entries).toEqual([["BEGIN", "hot_record_step"], ["COMMIT"]]);
  });

  it("sends BEGIN with Prisma's query when it comes first, and each of Prisma's queries in two entries", async () => {
    const userId = `aad-${randomUUID()}`;
    const entries = await pgliteEntriesDuring(() =>
      inTurn(async () => {
        await prisma().userActivity.create({ data: { userId } });
        await prisma().userActivity.count({ where: { userId } });
      }),
    );
    expect(entries).toEqual([
      ["BEGIN", expect.stringContaining("INSERT INTO")],
      [],
      [expect.stringContaining("SELECT COUNT")],
      [],
      ["COMMIT"],
    ]);
    expect(await database.db.prisma.userActivity.count({ where: { userId } })).toBe(1);
  });

  it("sends nothing at all for a turn that ran no statement, whether it succeeds or fails", async () => {
    const entries = await pgliteEntriesDuring(async () => {
      await inTurn(async () => "nothing to store");
      await expect(inTurn(() => Promise.reject(new Error("the turn fails")))).rejects.toThrow("the turn fails");
    });
    expect(entries).toEqual([]);
  });

  it("gives Prisma the same answers inside a turn as outside: types, counts, and a unique violation as the same error", async () => {
    const answers = async () => {
      const userId = `aad-${randomUUID()}`;
      const created = await prisma().userActivity.create({ data: { userId } });
      return {
        raw: await prisma().$queryRawUnsafe(
          `SELECT 1::bigint AS big, 1.5::numeric AS dec, '2026-01-02T03:04:05.678Z'::timestamptz AS at,
            '{"a": [1, null]}'::jsonb AS data, '\\x0102'::bytea AS bytes, ARRAY['a', 'b'] AS keys,
            true AS yes, NULL::text AS nothing, $1::text AS param`,
          "å",
        ),
        created: { userId: created.userId === userId, lastSeenAt: created.lastSeenAt instanceof Date },
        updated: await prisma().userActivity.updateMany({ where: { userId }, data: { lastSeenAt: new Date(0) } }),
        found: (await prisma().userActivity.findMany({ where: { userId } })).map((row) => row.lastSeenAt),
        duplicate: await prisma()
          .userActivity.create({ data: { userId } })
          .then(
            () => "created twice",
            (error: Error & { code?: string; cause?: { code?: string; detail?: string } }) => ({
              name: error.name,
              message: error.message,
              code: error.code ?? error.cause?.code,
              detail: error.cause?.detail?.replace(userId, "<id>"),
            }),
          ),
      };
    };
    const outside = await answers();
    let inside: Awaited<ReturnType<typeof answers>> | undefined;
    // The unique violation aborted the turn's transaction: its COMMIT is a rollback, and the turn fails.
    await expect(inTurn(async () => void (inside = await answers()))).rejects.toBeInstanceOf(TransactionAbortedError);
    expect(inside).toEqual(outside);
    // pglite-prisma-adapter hands Prisma PostgreSQL's own code, which the stores read as a unique violation.
    expect(outside.duplicate).toMatchObject({ name: "DriverAdapterError", code: "23505" });
    expect(outside.raw).toMatchObject([{ big: 1n, at: new Date("2026-01-02T03:04:05.678Z"), data: { a: [1, null] } }]);
  });
});
