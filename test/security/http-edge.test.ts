import { createServer as createNetServer, type AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/platform/config";
import { startBot } from "../../src/runtime";
import { loadContent } from "../../src/domain/content/content-catalog";
import { EmergencyResponder } from "../../src/features/quick-help/emergency-responder";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { cardText, cardsOf, type TestUser } from "../support/test-user";

const sv = loadContent().ui("sv");

/** Nothing an attacker sends may come back as a stack trace, a file path or a library's error text. */
const leak = /\bat .*\.(js|ts)\b|node_modules|SyntaxError|ZodError|TypeError|Error:/;

let harness: BotUnderTest;
let user: TestUser;
const turns = vi.spyOn(EmergencyResponder.prototype, "tryRespond");

beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
  user = harness.newUser();
});
afterAll(() => harness?.stop());

async function postRaw(body: string, contentType = "application/json") {
  const response = await fetch(`${harness.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  const text = await response.text();
  expect(text).not.toMatch(leak);
  return { status: response.status, text };
}

describe("POST /api/messages refuses what is not an activity", () => {
  it("answers a body over the limit with 413 and a short JSON body, before any turn", async () => {
    turns.mockClear();
    const huge = JSON.stringify(user.activity({ type: "message", text: "x".repeat(300 * 1024) }));
    const { status, text } = await postRaw(huge);
    expect(status).toBe(413);
    expect(JSON.parse(text)).toEqual({ error: "payload too large" });
    expect(turns).not.toHaveBeenCalled();
  });

  it("takes a body just under the limit", async () => {
    const { status } = await user.post({ type: "message", text: "x".repeat(200 * 1024) });
    expect(status).toBe(200);
  });

  it.each([
    ["broken JSON", "{not json"],
    ["a JSON string", '"message"'],
    ["an empty body", ""],
    ["JSON null", "null"],
  ])("answers %s with 400", async (_name, body) => {
    const { status, text } = await postRaw(body);
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: expect.any(String) });
  });

  it("answers a body that is not sent as JSON with 400", async () => {
    const { status } = await postRaw(JSON.stringify(user.activity({ type: "message", text: "meny" })), "text/plain");
    expect(status).toBe(400);
  });

  it.each<[string, unknown]>([
    ["an array", [{ type: "message" }]],
    ["an object without type", { text: "meny" }],
    ["an empty type", { type: "" }],
    ["a numeric type", { type: 42 }],
    ["from as a string", { type: "message", text: "meny", from: "29:someone" }],
    ["conversation as an array", { type: "message", text: "meny", conversation: [] }],
    ["text as an object", { type: "message", text: { bold: true } }],
    ["membersAdded as an object", { type: "conversationUpdate", membersAdded: { id: "28:bot" } }],
    ["channelData as a string", { type: "message", text: "meny", channelData: "x" }],
  ])("answers JSON that is not an activity (%s) with 400 and runs no turn", async (_name, body) => {
    turns.mockClear();
    const payload = body && typeof body === "object" && !Array.isArray(body) ? { ...user.activity({}), ...body } : body;
    const { status, text } = await postRaw(JSON.stringify(payload));
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: "not an activity" });
    expect(turns).not.toHaveBeenCalled();
  });
});

describe("POST /api/messages ignores or handles what it does not know", () => {
  it("answers an unknown activity type with 200, runs no turn and sends nothing", async () => {
    turns.mockClear();
    const { status, replies } = await user.post({ type: "somethingNew", text: "meny" });
    expect(status).toBe(200);
    expect(replies).toEqual([]);
    expect(turns).not.toHaveBeenCalled();
  });

  it("answers an invoke no handler knows with 200", async () => {
    const { status } = await user.invoke("something/unknown", { anything: 1 });
    expect(status).toBe(200);
  });

  it("treats a message without a tenant as unlicensed", async () => {
    const { status, replies } = await user.post({
      type: "message",
      text: "meny",
      channelData: {},
      conversation: { id: user.conversationId, conversationType: "personal" },
    });
    expect(status).toBe(200);
    expect(cardText(cardsOf(replies[0])[0])).toContain(sv.access.noTenant);
  });

  it("treats an invoke without a tenant as unlicensed, inside the invoke response", async () => {
    const response = await fetch(`${harness.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        ...user.activity({ type: "invoke", name: "adaptiveCard/action" }),
        value: { action: { type: "Action.Execute", verb: "adminGrant", data: {} } },
        channelData: {},
        conversation: { id: user.conversationId },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { value: Parameters<typeof cardText>[0] };
    expect(cardText(body.value)).toContain(sv.access.noTenant);
  });

  it.each<[string, Record<string, unknown>]>([
    ["no from", { from: undefined }],
    ["no from id", { from: { name: "x" } }],
    ["no conversation", { conversation: undefined }],
    ["no conversation id", { conversation: { tenantId: user?.tenantId } }],
    ["no recipient", { recipient: undefined }],
    ["no channelId", { channelId: undefined }],
    ["no id", { id: undefined }],
    ["nulls everywhere", { from: null, conversation: null, recipient: null, channelData: null }],
  ])("survives a message with %s (no 5xx, the server still answers)", async (_name, fields) => {
    const { status } = await user.post({ type: "message", text: "meny", ...fields });
    expect(status).toBeLessThan(500);
    expect(await user.say("meny")).not.toHaveLength(0);
  });

  it("survives a value nested ten thousand levels deep", async () => {
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    const body = JSON.stringify(user.activity({ type: "message" })).replace(/}$/, `,"value":${deep}}`);
    const { status } = await postRaw(body);
    expect(status).toBeLessThan(500);
    expect(await user.say("meny")).not.toHaveLength(0);
  });
});

describe("the HTTP edge's own answers", () => {
  it.each([
    ["GET", "/"],
    ["GET", "/no/such/page"],
    ["GET", "/api/messages"],
    ["POST", "/healthz"],
    ["GET", "/files/"],
    ["GET", "/static/no-such-image.png"],
    ["DELETE", "/integritet"],
  ])("answers %s %s with a short JSON 404, never an HTML page", async (method, url) => {
    const response = await fetch(`${harness.url}${url}`, { method });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: "not found" });
    expect(text).not.toMatch(/<html|<pre|Cannot (GET|POST|DELETE)/i);
  });

  it("stops with one clear line when the port is taken, and frees the database for the next start", async () => {
    const holder = createNetServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const port = (holder.address() as AddressInfo).port;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "tsf-port-"));
    try {
      const config = loadConfig({ NODE_ENV: "test", PORT: String(port), DATA_DIR: dataDir });
      await expect(startBot(config)).rejects.toThrow(
        new Error(`Port ${port} is already in use: stop what is using it, or set PORT to a free one.`),
      );
      const next = await startBot({ ...config, PORT: 0 });
      await next.close();
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
