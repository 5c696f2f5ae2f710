import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { RetryingConnectorHttpClient, retryAfterMs } from "../../src/teams/adapter/connector-http-client";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { FlakyConnector } from "./support/flaky-connector";

const ui = loadContent().ui("sv");
let harness: BotUnderTest;
const flaky = new FlakyConnector();
beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
  await flaky.start();
});
afterAll(async () => {
  await harness?.stop();
  await flaky.stop();
});

/** "hjälp" answers with exactly one card, so one accepted message is the whole answer. */
async function sayHelpThroughFlakyConnector(): Promise<{ status: number; ms: number }> {
  const user = harness.newUser();
  const activity = { ...user.activity({ type: "message", text: "hjälp" }), serviceUrl: flaky.url };
  const started = Date.now();
  const response = await fetch(`${harness.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  return { status: response.status, ms: Date.now() - started };
}

describe("outgoing messages to the Bot Connector", () => {
  it("wait for 429's Retry-After and then deliver the message exactly once", async () => {
    flaky.accepted.length = 0;
    flaky.attempts.length = 0;
    flaky.script = [{ status: 429, headers: { "Retry-After": "1" } }];
    const { status, ms } = await sayHelpThroughFlakyConnector();
    expect(status).toBe(200);
    expect(flaky.accepted).toHaveLength(1);
    expect(flaky.attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(flaky.attempts[1].at - flaky.attempts[0].at).toBeGreaterThanOrEqual(950);
    console.info(`429 Retry-After 1 s: delivered after ${ms} ms`);
  });

  it("retry 503 twice with backoff and deliver the message exactly once", async () => {
    flaky.accepted.length = 0;
    flaky.attempts.length = 0;
    flaky.script = [{ status: 503 }, { status: 503 }];
    const { status, ms } = await sayHelpThroughFlakyConnector();
    expect(status).toBe(200);
    expect(flaky.accepted).toHaveLength(1);
    expect(flaky.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    console.info(`503, 503, 200: delivered after ${ms} ms`);
  });

  it.each([412, 502, 504])("retry %i and deliver exactly once", async (code) => {
    flaky.accepted.length = 0;
    flaky.attempts.length = 0;
    flaky.script = [{ status: code }];
    await sayHelpThroughFlakyConnector();
    expect(flaky.accepted).toHaveLength(1);
    expect(flaky.attempts.map((a) => a.status)).toEqual([code, 200]);
  });

  it("do not retry an answer that says the request itself is wrong (400)", async () => {
    flaky.accepted.length = 0;
    flaky.attempts.length = 0;
    flaky.script = [{ status: 400 }];
    await sayHelpThroughFlakyConnector();
    // The refused reply is not sent again; the one message that follows is the error card.
    expect(flaky.attempts.map((a) => a.status)).toEqual([400, 200]);
    expect(JSON.stringify(flaky.accepted)).toContain(ui.errors.generic);
  });

  it("give up within the budget when the connector keeps failing, with no retries by the pipeline on top", async () => {
    flaky.accepted.length = 0;
    flaky.attempts.length = 0;
    flaky.script = Array.from({ length: 20 }, () => ({ status: 503 }));
    const { ms } = await sayHelpThroughFlakyConnector();
    flaky.script = [];
    expect(flaky.accepted).toHaveLength(0);
    // 4 attempts from the bot's reply, and the same again for the error card the failure triggers: never more.
    expect(flaky.attempts.length).toBeLessThanOrEqual(8);
    expect(ms).toBeLessThan(15_000);
    console.info(`always 503: ${flaky.attempts.length} attempts, gave up after ${ms} ms`);
  });
});

describe("the retrying HTTP client on its own", () => {
  it("spaces messages to one conversation to at most about 7 per second, other conversations unaffected", async () => {
    const connector = new FlakyConnector();
    await connector.start();
    try {
      const client = new RetryingConnectorHttpClient();
      const post = (conversation: string) =>
        client.sendRequest({
          url: `${connector.url}/v3/conversations/${conversation}/activities`,
          method: "POST",
          headers: { rawHeaders: () => ({ "content-type": "application/json" }) },
          body: JSON.stringify({ type: "message", text: conversation }),
        });
      const started = Date.now();
      await Promise.all([...Array.from({ length: 8 }, () => post("a")), post("b")]);
      const times = connector.attempts.map((a) => a.at - started);
      expect(connector.accepted).toHaveLength(9);
      // 8 messages to "a" need at least 7 gaps of 1/7 s.
      expect(Math.max(...times)).toBeGreaterThanOrEqual(7 * 142);
      const b = connector.accepted.findIndex((activity) => activity.text === "b");
      expect(times[b]).toBeLessThan(200);
      console.info(`8 messages to one conversation in ${Math.max(...times)} ms`);
    } finally {
      await connector.stop();
    }
  });

  it("sends one reply after the other over one kept-alive TCP connection", async () => {
    const connector = new FlakyConnector();
    await connector.start();
    const client = new RetryingConnectorHttpClient({ minIntervalPerConversationMs: 0 });
    try {
      for (let i = 0; i < 20; i++) {
        const response = (await client.sendRequest({
          url: `${connector.url}/v3/conversations/c${i % 3}/activities/a${i}`,
          method: "POST",
          headers: { rawHeaders: () => ({ "content-type": "application/json; charset=utf-8" }) },
          body: JSON.stringify({ type: "message", text: `svar ${i} – åäö` }),
        })) as { status: number; bodyAsText: string; headers: { get(name: string): string | undefined } };
        expect(response.status).toBe(200);
        expect(JSON.parse(response.bodyAsText)).toEqual({ id: `reply-${i + 1}` });
        expect(response.headers.get("Content-Type")).toContain("application/json");
      }
      expect(connector.accepted.map((activity) => activity.text)).toEqual(
        Array.from({ length: 20 }, (_, i) => `svar ${i} – åäö`),
      );
      expect(connector.connections).toBe(1);
    } finally {
      client.close();
      await connector.stop();
    }
  });

  it("keeps the connections to the connector few when many replies go out at once", async () => {
    const connector = new FlakyConnector();
    await connector.start();
    const client = new RetryingConnectorHttpClient({ minIntervalPerConversationMs: 0, maxSocketsPerHost: 4 });
    try {
      const post = (i: number) =>
        client.sendRequest({
          url: `${connector.url}/v3/conversations/c${i}/activities`,
          method: "POST",
          headers: { rawHeaders: () => ({ "content-type": "application/json" }) },
          body: JSON.stringify({ type: "message", text: String(i) }),
        });
      await Promise.all(Array.from({ length: 40 }, (_, i) => post(i)));
      await Promise.all(Array.from({ length: 40 }, (_, i) => post(i)));
      expect(connector.accepted).toHaveLength(80);
      expect(connector.connections).toBeLessThanOrEqual(4);
    } finally {
      client.close();
      await connector.stop();
    }
  });

  it("reads Retry-After as seconds or as a date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(null)).toBeUndefined();
    const inThree = new Date(Date.now() + 3000).toUTCString();
    expect(retryAfterMs(inThree)).toBeGreaterThan(1000);
  });
});
