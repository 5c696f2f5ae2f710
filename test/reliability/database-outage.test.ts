import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/platform/config";
import { loadContent } from "../../src/domain/content/content-catalog";
import { startBot, type RunningBot } from "../../src/runtime";
import { FakeConnector } from "../support/fake-connector";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/postgres";
import { cardText, TestUser } from "../support/test-user";
import { TcpProxy } from "./support/tcp-proxy";

const content = loadContent();
const sv = content.ui("sv");
const emergency = content.emergency("sv");
const crisis = content.crisis("sv");

async function until(check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not within ${ms} ms`);
}

describe("PostgreSQL going away", async () => {
  const pg = await postgresAvailable;
  if (!pg) console.warn("PostgreSQL not reachable at 127.0.0.1:5432: skipping the database outage tests");

  describe.skipIf(!pg)("through a proxy the test can cut", () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    let bot: RunningBot | undefined;
    let dataDir: string;
    const connector = new FakeConnector();

    beforeAll(async () => {
      database = (await createTestDatabase())!;
      proxy = new TcpProxy("127.0.0.1", 5432);
      await proxy.start();
      await connector.start();
      dataDir = await mkdtemp(path.join(os.tmpdir(), "tsf-outage-"));
    });
    afterAll(async () => {
      await proxy.restore().catch(() => undefined);
      await bot?.close();
      await proxy.stop();
      await connector.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    const start = () =>
      startBot(
        loadConfig({
          NODE_ENV: "test",
          PORT: "0",
          DATA_DIR: dataDir,
          LOG_LEVEL: "silent",
          DATABASE_URL: database.url.replace("127.0.0.1:5432", `127.0.0.1:${proxy.port}`),
        }),
      );
    const readyz = () => fetch(`http://127.0.0.1:${bot!.port}/readyz`).then((r) => r.status);
    const user = () => new TestUser({ botUrl: `http://127.0.0.1:${bot!.port}`, connector });

    it("starts the bot degraded when the database is unreachable, and migrates once it is back", async () => {
      await proxy.cut();
      bot = await start();
      expect(await readyz()).toBe(503);
      const official = user();
      await official.say("akut");
      expect(cardText(official.lastCard())).toContain(emergency.askTitle);
      await official.say("jag vill inte leva");
      expect(cardText(official.lastCard())).toContain(crisis.title);
      await official.say("meny");
      expect(cardText(official.lastCard())).toContain(sv.reliability.temporarilyUnavailable);

      await proxy.restore();
      const ms = await until(async () => (await readyz()) === 200, 30_000);
      console.info(`ready ${ms} ms after the database came back (start-up outage)`);
      const migrations = await bot.database.prisma.$queryRawUnsafe<Array<{ n: bigint }>>(
        `SELECT count(*) AS n FROM "_prisma_migrations"`,
      );
      expect(Number(migrations[0].n)).toBeGreaterThan(0);
      await official.say("meny");
      expect(cardText(official.lastCard())).not.toContain(sv.reliability.temporarilyUnavailable);
    });

    it("answers the short temporary-error card mid-run, keeps akut working, reports not ready, and recovers by itself", async () => {
      const official = user();
      await official.say("meny");
      const menu = cardText(official.lastCard());

      await proxy.cut();
      const replies = await official.say("meny");
      expect(replies).toHaveLength(1);
      const answer = cardText(official.lastCard());
      expect(answer).toContain(sv.reliability.temporarilyUnavailable);
      expect(answer).not.toMatch(/at \S+ \(|Error:|prisma/i); // no stack trace
      expect(await readyz()).toBe(503);
      await official.say("akut");
      expect(cardText(official.lastCard())).toContain(emergency.askTitle);
      await official.say("självmordstankar");
      expect(cardText(official.lastCard())).toContain(crisis.title);

      await proxy.restore();
      const ms = await until(async () => (await readyz()) === 200, 30_000);
      console.info(`ready ${ms} ms after the database came back (mid-run outage)`);
      await official.say("meny");
      expect(cardText(official.lastCard())).toBe(menu);
    });
  });
});
