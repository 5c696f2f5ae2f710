import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { EmergencyResponder } from "../../src/features/quick-help/emergency-responder";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import type { TestUser } from "../support/test-user";
import { channelIssuer, newSigningKey, signToken, TokenIssuer, unsignedToken } from "./token-issuer";

/**
 * With credentials configured, /api/messages takes only activities with a valid Bot Framework token. The
 * channel's keys come from a local OpenID metadata server (BotOpenIdMetadata), so this runs without internet.
 * Only the inbound side is tested: replies would need a token from Entra, which cannot be had offline.
 * The admin API's own bearer token (401 without it, compared in constant time in src/operator/admin-api.ts) is
 * tested in test/admin/admin-api.test.ts and test/admin/admin-api-limits.test.ts.
 */
const appId = "11111111-2222-3333-4444-555555555555";
const appTenant = "99999999-8888-7777-6666-555555555555";

const issuer = new TokenIssuer();
const teamsKey = newSigningKey("teams-key-1");
const strangerKey = newSigningKey("teams-key-1"); // same kid, not published: a forged signature
const otherChannelKey = newSigningKey("webchat-key");
/** Every turn the bot runs starts in the emergency responder (src/runtime.ts), so this counts turns. */
const turns = vi.spyOn(EmergencyResponder.prototype, "tryRespond");

let harness: BotUnderTest;
let user: TestUser;

beforeAll(async () => {
  issuer.publish(teamsKey, ["msteams"]);
  issuer.publish(otherChannelKey, ["webchat"]);
  await issuer.start();
  harness = await startBotUnderTest("pglite", {
    MicrosoftAppId: appId,
    MicrosoftAppPassword: "not-a-real-secret",
    MicrosoftAppTenantId: appTenant,
    MicrosoftAppType: "SingleTenant",
    BotOpenIdMetadata: issuer.metadataUrl,
  });
  user = harness.newUser();
});
afterAll(async () => {
  await harness?.stop();
  await issuer.stop();
});
beforeEach(() => {
  turns.mockClear();
});

const now = () => Math.floor(Date.now() / 1000);
const validClaims = () => ({
  iss: channelIssuer,
  aud: appId,
  serviceurl: harness.connector.url,
  nbf: now() - 60,
  iat: now() - 60,
  exp: now() + 3600,
});

async function send(authorization: string | undefined, fields: Record<string, unknown> = {}) {
  const response = await fetch(`${harness.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(user.activity({ type: "message", text: "meny", ...fields })),
  });
  return {
    status: response.status,
    body: await response.text(),
    authenticate: response.headers.get("www-authenticate"),
  };
}

describe("Bot Framework authentication on /api/messages", () => {
  it("runs the turn for a message with a valid channel token", async () => {
    const { status } = await send(`Bearer ${signToken(teamsKey, validClaims())}`);
    expect(status).toBeLessThan(500);
    expect(status).not.toBe(401);
    expect(turns).toHaveBeenCalledTimes(1);
    expect(issuer.metadataRequests).toBeGreaterThan(0);
  });

  const refused: Array<[string, () => string | undefined, Record<string, unknown>?]> = [
    ["no Authorization header", () => undefined],
    ["an empty bearer token", () => "Bearer "],
    ["another scheme", () => `Basic ${Buffer.from("bot:secret").toString("base64")}`],
    ["a token that is not a JWT", () => "Bearer not.a.jwt"],
    ["an expired token", () => `Bearer ${signToken(teamsKey, { ...validClaims(), exp: now() - 3600 })}`],
    ["a token not yet valid", () => `Bearer ${signToken(teamsKey, { ...validClaims(), nbf: now() + 3600 })}`],
    ["a token for another bot", () => `Bearer ${signToken(teamsKey, { ...validClaims(), aud: "another-bot" })}`],
    ["a token without audience", () => `Bearer ${signToken(teamsKey, { ...validClaims(), aud: undefined })}`],
    [
      "a token from another issuer",
      () => `Bearer ${signToken(teamsKey, { ...validClaims(), iss: "https://evil.example" })}`,
    ],
    [
      "a token for another serviceUrl",
      () => `Bearer ${signToken(teamsKey, { ...validClaims(), serviceurl: "https://smba.evil.example/" })}`,
    ],
    ["an unsigned token (alg none)", () => `Bearer ${unsignedToken(teamsKey.kid, validClaims())}`],
    [
      "a token signed by an unpublished key with a published kid",
      () => `Bearer ${signToken(strangerKey, validClaims())}`,
    ],
    ["a token signed by an unknown kid", () => `Bearer ${signToken(newSigningKey("unknown"), validClaims())}`],
    [
      "a token whose signature was cut off",
      () => `Bearer ${signToken(teamsKey, validClaims()).replace(/\.[^.]+$/, ".")}`,
    ],
    [
      "a token with a tampered payload",
      () => {
        const [head, , signature] = signToken(teamsKey, validClaims()).split(".");
        const forged = Buffer.from(JSON.stringify({ ...validClaims(), aud: appId, admin: true })).toString("base64url");
        return `Bearer ${head}.${forged}.${signature}`;
      },
    ],
    [
      "an HS256 token keyed with the public key (algorithm confusion)",
      () => {
        const { createHmac } = require("node:crypto") as typeof import("node:crypto");
        const head = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT", kid: teamsKey.kid })).toString("base64url");
        const body = Buffer.from(JSON.stringify(validClaims())).toString("base64url");
        const pem = teamsKey.publicKey.export({ format: "pem", type: "spki" });
        return `Bearer ${head}.${body}.${createHmac("sha256", pem).update(`${head}.${body}`).digest("base64url")}`;
      },
    ],
    ["a key endorsed for another channel", () => `Bearer ${signToken(otherChannelKey, validClaims())}`],
    [
      "a valid token on an activity claiming another serviceUrl",
      () => `Bearer ${signToken(teamsKey, validClaims())}`,
      { serviceUrl: "https://smba.evil.example/" },
    ],
  ];

  it.each(refused)("answers %s with 401 and runs no turn", async (_name, authorization, fields = {}) => {
    const { status, body, authenticate } = await send(authorization(), fields);
    expect(status).toBe(401);
    expect(JSON.parse(body)).toEqual({ error: "unauthorized" });
    expect(authenticate).toMatch(/^Bearer/);
    expect(turns).not.toHaveBeenCalled();
  });

  it("refuses an invoke and an install without a token too", async () => {
    const invoke = await fetch(`${harness.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(user.activity({ type: "invoke", name: "adaptiveCard/action", value: { action: {} } })),
    });
    expect(invoke.status).toBe(401);
    const install = await send(undefined, { type: "conversationUpdate", membersAdded: [{ id: "28:bot" }] });
    expect(install.status).toBe(401);
    expect(turns).not.toHaveBeenCalled();
    expect(harness.connector.forConversation(user.conversationId)).toEqual([]);
  });

  it("refuses an unknown activity type without a token (authentication comes before ignoring)", async () => {
    expect((await send(undefined, { type: "somethingNew" })).status).toBe(401);
  });
});
