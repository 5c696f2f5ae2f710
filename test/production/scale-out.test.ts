import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { spawnBot, type BotProcess } from "../support/bot-process";
import { FakeConnector } from "../support/fake-connector";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/postgres";
import { allActions, cardText, TestUser } from "../support/test-user";

const content = loadContent();
const sv = content.ui("sv");
const themeId = "vad-ar-sexistiskt-hot-och-hat";
const theme = content.theme("sv", themeId)!;

const adminToken = randomBytes(24).toString("hex");
/** Short, so the test can wait it out; production uses 60 s. */
const cacheTtlSeconds = 2;

describe("scale-out", async () => {
  const pgAvailable = await postgresAvailable;
  describe.skipIf(!pgAvailable)("two bot instances sharing one PostgreSQL", () => {
    let database: TestDatabase;
    const dataDirs: string[] = [];
    const bots: BotProcess[] = [];
    const connector = new FakeConnector();

    beforeAll(async () => {
      database = (await createTestDatabase())!;
      await connector.start();
      // Every instance must use the same encryption key, or one could not read what the other saved.
      const env = {
        DATABASE_URL: database.url,
        ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        ADMIN_TOKEN: adminToken,
        LICENCE_CACHE_TTL_SECONDS: String(cacheTtlSeconds),
        RATE_LIMIT_STORE: "database",
      };
      // One at a time: the first applies the migrations, the second finds them applied.
      for (let i = 0; i < 2; i++) {
        const dataDir = await mkdtemp(path.join(os.tmpdir(), `tsf-scale-${i}-`));
        dataDirs.push(dataDir);
        bots.push(await spawnBot({ dataDir, env }));
      }
    });
    afterAll(async () => {
      await Promise.all(bots.map((bot) => bot.stop()));
      await connector.stop();
      await database?.drop();
      await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    });

    /** The same person in the same chat, as seen by each instance behind a load balancer. */
    const oneUserOnBothInstances = (): [TestUser, TestUser] => {
      const first = new TestUser({ botUrl: bots[0].url, connector });
      const second = new TestUser({
        botUrl: bots[1].url,
        connector,
        userId: first.userId,
        conversationId: first.conversationId,
      });
      return [first, second];
    };

    it("lets one user's turns alternate between the instances through a whole theme and a reflection, losing and repeating nothing", async () => {
      const [first, second] = oneUserOnBothInstances();
      let turn = 0;
      const next = () => (turn++ % 2 === 0 ? first : second); // a load balancer with no affinity

      const answer = "Jag sparar det här på en instans och läser det på den andra";
      await next().say("meny");
      await next().press(sv.menu.open.replace("{number}", String(theme.order)));

      const positions: string[] = [];
      let saved = false;
      for (let guard = 0; guard < 40; guard++) {
        const text = cardText(first.lastCard());
        if (text.includes(sv.themeDone.title)) break;
        const position = /steg \d+ av \d+/.exec(text)?.[0];
        if (position && positions.at(-1) !== position) positions.push(position);
        const titles = allActions(first.lastCard()).map((action) => action.title);
        if (titles.includes(sv.reflection.save) && !saved) {
          await next().press(sv.reflection.save, { reflectionAnswer: answer });
          expect(cardText(first.lastCard())).toContain(sv.reflection.saved);
          saved = true;
        } else if (titles.includes(sv.step.next)) await next().press(sv.step.next);
        else if (titles.includes(sv.step.finish)) await next().press(sv.step.finish);
        else await next().press(sv.reflection.skip);
      }

      expect(cardText(first.lastCard())).toContain(sv.themeDone.title);
      expect(saved).toBe(true);
      // Every step exactly once, in order: no step lost or repeated when the instance changed.
      expect(positions).toEqual(theme.steps.map((_, i) => `steg ${i + 1} av ${theme.steps.length}`));

      await next().say("mina reflektioner");
      const onOne = cardText(first.lastCard());
      await next().say("mina reflektioner");
      const onOther = cardText(first.lastCard());
      for (const list of [onOne, onOther]) expect(list.split(answer)).toHaveLength(2); // exactly once

      await next().say("meny");
      expect(cardText(first.lastCard())).toContain(`✓ ${sv.menu.completed}`);

      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const reflections = await client.query("SELECT 1 FROM reflection WHERE user_id = $1", [first.userId]);
        expect(reflections.rowCount).toBe(1);
      } finally {
        await client.end();
      }
    });

    it("a licence revoked through one instance reaches both within the cache TTL", async () => {
      const [first, second] = oneUserOnBothInstances();
      await first.say("meny");
      await second.say("meny");
      expect(cardText(first.lastCard())).toContain(sv.menu.intro);

      const response = await fetch(`${bots[1].url}/api/admin/licenses/revoke`, {
        method: "POST",
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        body: JSON.stringify({ tenant: first.tenantId }),
      });
      expect(response.status).toBe(200);

      await new Promise((resolve) => setTimeout(resolve, cacheTtlSeconds * 1000 + 500));
      for (const user of [first, second]) {
        await user.say("meny");
        expect(cardText(first.lastCard())).toContain(sv.access.revoked);
      }
    });
  });
});
