import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { databaseKindsHere } from "../support/database-targets";
import { useBotUnderTest } from "../support/test-bot";
import type { TestUser } from "../support/test-user";

const content = loadContent();
const theme = content.themes("sv").find((t) => t.steps.some((s) => s.type === "reflection"))!;
const reflectionStep = theme.steps.find((s) => s.type === "reflection")!;

async function postTwice(user: TestUser, activity: Record<string, unknown>, together: boolean) {
  const full = user.activity(activity);
  const send = () => user.post(full);
  if (together) return Promise.all([send(), send()]);
  return [await send(), await send()];
}

describe("redelivered activities", async () => {
  describe.each(await databaseKindsHere())("on %s", (kind, available) => {
    const harness = useBotUnderTest(kind);

    it.skipIf(!available).each([false, true])(
      "are acknowledged with 200 and answered once (redelivered at the same time: %s)",
      async (together) => {
        const user = harness.newUser();
        const [first, second] = await postTwice(user, { type: "message", text: "meny" }, together);
        expect([first.status, second.status]).toEqual([200, 200]);
        expect(harness.connector.forConversation(user.conversationId)).toHaveLength(1);
      },
    );

    it.skipIf(!available)("save a reflection once, however often Teams delivers the press", async () => {
      const user = harness.newUser();
      const press = {
        type: "message",
        value: {
          verb: "reflectionChoice",
          themeId: theme.id,
          stepId: reflectionStep.id,
          choice: "save",
          reflectionAnswer: "Mitt svar en gång",
        },
      };
      await postTwice(user, press, true);
      const full = user.activity(press);
      await user.post(full);
      await user.post(full);
      const saved = await harness.bot.database.prisma.reflection.count({ where: { userId: user.userId } });
      expect(saved).toBe(2); // two distinct presses (two activity ids), each saved once
      expect(harness.bot.reliability.duplicatesAcknowledged).toBeGreaterThanOrEqual(2);
    });

    it.skipIf(!available)(
      "give an invoke's redelivery the first delivery's response, without running it again",
      async () => {
        const user = harness.newUser();
        const invoke = user.activity({
          type: "invoke",
          name: "composeExtension/query",
          value: { commandId: "searchHelp", parameters: [{ name: "query", value: "polisanmälan" }] },
        });
        const post = () =>
          fetch(`${harness.url}/api/messages`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(invoke),
          }).then(async (r) => ({ status: r.status, body: await r.text() }));
        const first = await post();
        const second = await post();
        expect(second.status).toBe(first.status);
        expect(JSON.parse(second.body)).toEqual(JSON.parse(first.body));
      },
    );

    it.skipIf(!available)("still run a new activity with the same id in another conversation", async () => {
      const a = harness.newUser();
      const b = harness.newUser();
      const activity = a.activity({ type: "message", text: "meny" });
      await a.post(activity);
      await b.post({ ...activity, conversation: { ...(activity.conversation as object), id: b.conversationId } });
      expect(harness.connector.forConversation(a.conversationId)).toHaveLength(1);
      expect(harness.connector.forConversation(b.conversationId)).toHaveLength(1);
    });
  });
});
