import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { loadConfig } from "../../src/platform/config";
import { RateLimits } from "../../src/platform/reliability/rate-limits";
import { openDatabase } from "../../src/platform/storage/database";
import { applyMigrations } from "../../src/platform/storage/migrate";
import { statementsDuring } from "../support/pg-statements";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/postgres";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { cardText } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const en = content.ui("en");

describe("rate limits", async () => {
  const pg = await postgresAvailable;
  describe.each([
    ["pglite (in memory)", "pglite", true],
    ["postgres (RATE_LIMIT_STORE=database, the shared table)", "postgres", pg],
  ] as const)("on %s", (_name, kind, available) => {
    let harness: BotUnderTest;
    beforeAll(async () => {
      if (available)
        harness = await startBotUnderTest(kind, {
          RATE_LIMIT_USER_PER_MINUTE: "3",
          RATE_LIMIT_TENANT_PER_MINUTE: "8",
          ...(kind === "postgres" ? { RATE_LIMIT_STORE: "database" } : {}),
        });
    });
    afterAll(() => harness?.stop());

    it.skipIf(!available)(
      "answer a user over the limit with a polite card, in their language, and nothing else",
      async () => {
        const user = harness.newUser({ tenantId: randomUUID() });
        for (let i = 0; i < 3; i++) {
          await user.say("hjälp");
          expect(cardText(user.lastCard())).not.toContain(sv.reliability.rateLimitedUser);
        }
        const replies = await user.say("hjälp");
        expect(replies).toHaveLength(1);
        expect(cardText(user.lastCard())).toContain(sv.reliability.rateLimitedUser);
        const english = harness.newUser({ tenantId: randomUUID(), locale: "en-US" });
        for (let i = 0; i < 4; i++) await english.say("help");
        expect(cardText(english.lastCard())).toContain(en.reliability.rateLimitedUser);
      },
    );

    it.skipIf(!available)("never limit akut", async () => {
      const user = harness.newUser({ tenantId: randomUUID() });
      for (let i = 0; i < 4; i++) await user.say("hjälp");
      await user.say("akut");
      expect(cardText(user.lastCard())).toContain(content.emergency("sv").askTitle);
    });

    it.skipIf(!available)("limit a whole tenant, and leave other tenants alone", async () => {
      const tenantId = randomUUID();
      for (let i = 0; i < 8; i++) await harness.newUser({ tenantId }).say("hjälp");
      const ninth = harness.newUser({ tenantId });
      await ninth.say("hjälp");
      expect(cardText(ninth.lastCard())).toContain(sv.reliability.rateLimitedTenant);
      const elsewhere = harness.newUser({ tenantId: randomUUID() });
      await elsewhere.say("hjälp");
      expect(cardText(elsewhere.lastCard())).not.toContain(sv.reliability.rateLimitedTenant);
    });
  });
});

describe("where the rate limits count", async () => {
  const pg = await postgresAvailable;

  it("counts in memory by default, with no database work, even when the bot runs on PostgreSQL", async () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x" }).RATE_LIMIT_STORE).toBe("memory");
    const limits = new RateLimits({ userPerMinute: 2, tenantPerMinute: 100, databaseUrl: "postgresql://nowhere:1/x" });
    const sent = await statementsDuring(async () => {
      expect(await limits.take("u", "t")).toEqual({ allowed: true });
      expect(await limits.take("u", "t")).toEqual({ allowed: true });
      expect(await limits.take("u", "t")).toMatchObject({ allowed: false, scope: "user" });
    });
    expect(sent).toEqual([]);
    await limits.close();
  });

  it("refuses RATE_LIMIT_STORE=database without a PostgreSQL DATABASE_URL, naming the variable", () => {
    expect(() => loadConfig({ RATE_LIMIT_STORE: "database" })).toThrow(/RATE_LIMIT_STORE/);
    expect(() => loadConfig({ RATE_LIMIT_STORE: "redis" })).toThrow(/RATE_LIMIT_STORE/);
  });

  describe.skipIf(!pg)("RATE_LIMIT_STORE=database: two instances on one PostgreSQL", () => {
    let database: TestDatabase;
    const instances: RateLimits[] = [];
    beforeAll(async () => {
      database = (await createTestDatabase())!;
      const db = await openDatabase({ databaseUrl: database.url, dataDir: "unused" });
      await applyMigrations(db);
      await db.close();
      for (let i = 0; i < 2; i++)
        instances.push(
          new RateLimits({ userPerMinute: 4, tenantPerMinute: 6, store: "database", databaseUrl: database.url }),
        );
    });
    afterAll(async () => {
      await Promise.all(instances.map((limits) => limits.close()));
      await database?.drop();
    });

    it("share one user's budget: turns on either instance count against it", async () => {
      const [first, second] = instances;
      const tenant = randomUUID();
      const decisions = [];
      for (let i = 0; i < 5; i++) decisions.push(await (i % 2 === 0 ? first : second).take("anna", tenant));
      expect(decisions.slice(0, 4)).toEqual(Array(4).fill({ allowed: true }));
      expect(decisions[4]).toMatchObject({ allowed: false, scope: "user" });
      const refused = decisions[4] as { retryAfterMs: number };
      expect(refused.retryAfterMs).toBeGreaterThan(50_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    });

    it("share one tenant's budget, and a user over their own limit does not use it up", async () => {
      const [first, second] = instances;
      const tenant = randomUUID();
      for (let i = 0; i < 4; i++) expect(await first.take("bertil", tenant)).toEqual({ allowed: true });
      // Bertil is over his own limit: refused for that, and the tenant's count stays at 4.
      expect(await second.take("bertil", tenant)).toMatchObject({ allowed: false, scope: "user" });
      expect(await second.take("cecilia", tenant)).toEqual({ allowed: true });
      expect(await first.take("david", tenant)).toEqual({ allowed: true });
      expect(await second.take("erik", tenant)).toMatchObject({ allowed: false, scope: "tenant" });
      expect(await first.take("erik", randomUUID())).toEqual({ allowed: true });
    });

    it("send one statement per turn, for the user and the tenant together", async () => {
      const tenant = randomUUID();
      await instances[0].take("warm", tenant); // the pool's first connection
      const sent = await statementsDuring(() => instances[0].take("fredrik", tenant));
      expect(sent).toHaveLength(1);
      expect(sent[0].text).toMatch(/INSERT INTO rate_limit[\s\S]*INSERT INTO rate_limit/);
      expect(await statementsDuring(() => instances[1].take("fredrik", undefined))).toHaveLength(1);
    });

    it("fall back to counting in memory when the database does not answer, never refusing everyone", async () => {
      const unreachable = new RateLimits({
        userPerMinute: 2,
        tenantPerMinute: 100,
        store: "database",
        databaseUrl: "postgresql://postgres@127.0.0.1:1/none",
      });
      expect(await unreachable.take("gun", "t")).toEqual({ allowed: true });
      expect(await unreachable.take("gun", "t")).toEqual({ allowed: true });
      expect(await unreachable.take("gun", "t")).toMatchObject({ allowed: false, scope: "user" });
      await unreachable.close();
    });
  });
});
