/**
 * What a durable turn costs the database, counted where PostgreSQL sees it: every statement the pg driver
 * sends from this process, on any pool. The hot statements are prepared (named, see
 * src/platform/storage/hot-statements.ts); a statement from Prisma would show up by its text instead.
 * Each entry is one round trip; "BEGIN + x" is the BEGIN sent with statement x, under x's one Sync.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { statementsDuring } from "../support/pg-statements";
import { postgresAvailable } from "../support/postgres";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import type { TestUser } from "../support/test-user";

const content = loadContent();
const theme = content.themes("sv").find((t) => t.steps.findIndex((s) => s.type === "reflection") >= 2)!;
const reflectionIndex = theme.steps.findIndex((s) => s.type === "reflection");

async function statementsOf(turn: () => Promise<unknown>): Promise<string[]> {
  return (await statementsDuring(turn)).map(
    (statement) => `${statement.withBegin ? "BEGIN + " : ""}${statement.name ?? statement.text.trim()}`,
  );
}

const next = (user: TestUser, index: number) =>
  user.submit({ verb: "moveStep", move: "next", themeId: theme.id, stepId: theme.steps[index].id });

describe("the statements of one turn on PostgreSQL, once the user's day has begun", async () => {
  const available = await postgresAvailable;
  let harness: BotUnderTest;
  let user: TestUser;
  beforeAll(async () => {
    if (!available) return;
    harness = await startBotUnderTest("postgres", { LOG_LEVEL: "error" });
    user = harness.newUser();
    await user.say("meny"); // the day's first turn records the conversation and the day's use
    await user.submit({ verb: "openTheme", themeId: theme.id, stepId: theme.steps[0].id });
  });
  afterAll(() => harness?.stop());

  it.skipIf(!available)(
    "a Nästa press is four round trips: the BEGIN travels with the claim and the state, then the progress, the state save and the COMMIT",
    async () => {
      expect(await statementsOf(() => next(user, 0))).toEqual([
        "BEGIN + hot_claim_activity_with_state",
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
    expect(await statementsOf(save)).toEqual([
      "BEGIN + hot_claim_activity_with_state",
      "hot_insert_reflection",
      "hot_record_step",
      "hot_save_state",
      "COMMIT",
    ]);
  });

  it.skipIf(!available)(
    "meny in the middle of a theme is the claim with the state, the progress the menu shows and the state save",
    async () => {
      expect(await statementsOf(() => user.say("meny"))).toEqual([
        "BEGIN + hot_claim_activity_with_state",
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
      expect(await statementsOf(() => newcomer.say("meny"))).toEqual([
        "BEGIN + hot_claim_activity_with_state",
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
    expect(await statementsOf(() => user.say("meny"))).toEqual([
      "BEGIN + hot_claim_activity_with_state",
      "hot_progress_of_user",
      "COMMIT",
    ]);
  });
});
