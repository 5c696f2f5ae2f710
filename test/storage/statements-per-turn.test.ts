/**
 * What a durable turn costs the database, counted where the database sees it: on PostgreSQL every statement
 * the pg driver sends from this process, on any pool; on PGlite every statement that reaches its Postgres.
 * The hot statements are prepared (named, see src/platform/storage/hot-statements.ts); a statement from
 * Prisma would show up by its text instead. On PostgreSQL each entry is one round trip; "BEGIN + x" is the
 * BEGIN sent with statement x, under x's one Sync.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import type { DatabaseKind } from "../../src/platform/storage/database";
import { DATABASE_KINDS } from "../support/database-targets";
import { statementsDuring } from "../support/pg-statements";
import { pgliteStatementsDuring } from "../support/pglite-statements";
import { postgresAvailable } from "../support/postgres";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import type { TestUser } from "../support/test-user";

const content = loadContent();
const theme = content.themes("sv").find((t) => t.steps.findIndex((s) => s.type === "reflection") >= 2)!;
const reflectionIndex = theme.steps.findIndex((s) => s.type === "reflection");

// PGlite parses a named statement on its first use (pglite-prepared-statements.test.ts counts those).
async function statementsOf(kind: DatabaseKind, turn: () => Promise<unknown>): Promise<string[]> {
  if (kind === "pglite") return (await pgliteStatementsDuring(turn)).filter((s) => !s.startsWith("parse:"));
  return (await statementsDuring(turn)).map(
    (statement) => `${statement.withBegin ? "BEGIN + " : ""}${statement.name ?? statement.text.trim()}`,
  );
}

/**
 * The turn's first statement, with the BEGIN that travels with it: on PostgreSQL in one round trip, on PGlite
 * in one entry into its Postgres, which sees them as two statements (turn-transaction.test.ts counts the entries).
 */
const begunWith = (kind: DatabaseKind, first: string): string[] =>
  kind === "postgres" ? [`BEGIN + ${first}`] : ["BEGIN", first];

const next = (user: TestUser, index: number) =>
  user.submit({ verb: "moveStep", move: "next", themeId: theme.id, stepId: theme.steps[index].id });

describe.each(DATABASE_KINDS)("the statements of one turn on %s, once the user's day has begun", async (kind) => {
  const available = kind === "pglite" || (await postgresAvailable);
  let harness: BotUnderTest;
  let user: TestUser;
  beforeAll(async () => {
    if (!available) return;
    harness = await startBotUnderTest(kind, { LOG_LEVEL: "error" });
    user = harness.newUser();
    await user.say("meny"); // the day's first turn records the conversation and the day's use
    await user.submit({ verb: "openTheme", themeId: theme.id, stepId: theme.steps[0].id });
  });
  afterAll(() => harness?.stop());

  it.skipIf(!available)(
    "a Nästa press is the claim with the state (the BEGIN travelling with it), the progress, the state save and the COMMIT",
    async () => {
      expect(await statementsOf(kind, () => next(user, 0))).toEqual([
        ...begunWith(kind, "hot_claim_activity_with_state"),
        "hot_record_step",
        "hot_save_state",
        "COMMIT",
      ]);
    },
  );

  it.skipIf(!available)("saving a reflection adds only the reflection's insert", async () => {
    for (let i = 1; i < reflectionIndex; i++) await next(user, i);
    const save = () =>
      user.submit({
        verb: "reflectionChoice",
        choice: "save",
        themeId: theme.id,
        stepId: theme.steps[reflectionIndex].id,
        reflectionAnswer: "Jag skulle spara meddelandet och prata med säkerhetsansvarig.",
      });
    expect(await statementsOf(kind, save)).toEqual([
      ...begunWith(kind, "hot_claim_activity_with_state"),
      "hot_insert_reflection",
      "hot_record_step",
      "hot_save_state",
      "COMMIT",
    ]);
  });

  it.skipIf(!available)(
    "meny in the middle of a theme is the claim with the state, the progress the menu shows and the state save",
    async () => {
      expect(await statementsOf(kind, () => user.say("meny"))).toEqual([
        ...begunWith(kind, "hot_claim_activity_with_state"),
        "hot_progress_of_user",
        "hot_save_state",
        "COMMIT",
      ]);
    },
  );

  it.skipIf(!available)(
    "a new user's first meny in a workspace already seen adds their membership, reachability and day's use, all prepared",
    async () => {
      const newcomer = harness.newUser();
      expect(await statementsOf(kind, () => newcomer.say("meny"))).toEqual([
        ...begunWith(kind, "hot_claim_activity_with_state"),
        "hot_memberships_of_user",
        "hot_remember_conversation_reference",
        "hot_touch_user_activity",
        "hot_progress_of_user",
        "hot_save_state",
        "COMMIT",
      ]);
    },
  );

  it.skipIf(!available)("meny again, with nothing in the state to change, saves nothing", async () => {
    expect(await statementsOf(kind, () => user.say("meny"))).toEqual([
      ...begunWith(kind, "hot_claim_activity_with_state"),
      "hot_progress_of_user",
      "COMMIT",
    ]);
  });
});
