import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { postgresAvailable } from "../support/postgres";
import { allActions, cardText } from "../support/test-user";
import { useTwoInstancesOnOnePostgres } from "../support/two-instances";

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
    const shared = useTwoInstancesOnOnePostgres({
      as: "processes",
      env: {
        ADMIN_TOKEN: adminToken,
        LICENCE_CACHE_TTL_SECONDS: String(cacheTtlSeconds),
        RATE_LIMIT_STORE: "database",
      },
    });

    it("lets one user's turns alternate between the instances through a whole theme and a reflection, losing and repeating nothing", async () => {
      const [first, second] = shared.sameUserOnBoth();
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

      const client = new Client({ connectionString: shared.database.url });
      await client.connect();
      try {
        const reflections = await client.query("SELECT 1 FROM reflection WHERE user_id = $1", [first.userId]);
        expect(reflections.rowCount).toBe(1);
      } finally {
        await client.end();
      }
    });

    it("a licence revoked through one instance reaches both within the cache TTL", async () => {
      const [first, second] = shared.sameUserOnBoth();
      await first.say("meny");
      await second.say("meny");
      expect(cardText(first.lastCard())).toContain(sv.menu.intro);

      const response = await fetch(`${shared.instances[1].url}/api/admin/licenses/revoke`, {
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
