import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playgroundTenantId } from "../../src/domain/licensing/demo-licence";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/postgres";
import type { SentActivity } from "../support/fake-connector";
import { cardsOf, cardText } from "../support/test-user";
import { buildBot, startCompiledBot, type CompiledBot } from "./compiled-bot";
import { SlowConnector } from "./slow-connector";

let build: ReturnType<typeof buildBot>;
beforeAll(() => {
  build = buildBot();
}, 180_000);
afterAll(() => build?.remove());

const productionEnv = (databaseUrl: string) => ({
  NODE_ENV: "production",
  DATABASE_URL: databaseUrl,
  PUBLIC_URL: "https://tsf.example.se",
  MicrosoftAppId: "66666666-7777-4888-9999-aaaaaaaaaaaa",
  MicrosoftAppPassword: "not-a-real-secret",
  MicrosoftAppTenantId: "11111111-2222-4333-8444-555555555555",
  MicrosoftAppType: "SingleTenant",
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  ENCRYPTION_KEY_ID: "k1",
});

function activity(connectorUrl: string, user: { userId: string; conversationId: string }, body: object) {
  return {
    id: randomUUID(),
    channelId: "msteams",
    serviceUrl: connectorUrl,
    timestamp: new Date().toISOString(),
    locale: "sv-SE",
    from: { id: `29:${user.userId}`, aadObjectId: user.userId, name: "Test Testsson" },
    recipient: { id: "28:bot", name: "Bot" },
    // The Playground's tenant: outside production it has a demo licence, so the material is served.
    conversation: { id: user.conversationId, conversationType: "personal", tenantId: playgroundTenantId },
    channelData: { tenant: { id: playgroundTenantId } },
    ...body,
  };
}

async function post(bot: CompiledBot, body: object): Promise<number> {
  const response = await fetch(`${bot.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return response.status;
}

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the compiled bot in production (npm run start:prod)", async () => {
  const pgAvailable = await postgresAvailable;
  describe.skipIf(!pgAvailable)("on PostgreSQL", () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = (await createTestDatabase())!;
    });
    afterAll(() => database?.drop());

    it("runs from dist against PostgreSQL: migrates first, serves /healthz and /readyz, requires Bot Framework auth, logs JSON lines, exits 0 on SIGTERM", async () => {
      const bot = await startCompiledBot(build.outDir, productionEnv(database.url));
      expect(bot.process.exitCode, bot.output().stderr).toBeNull();

      const client = new Client({ connectionString: database.url });
      await client.connect();
      const tables = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      await client.end();
      expect(tables.rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(["bot_state"]));

      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${bot.url}/static/does-not-exist.png`)).status).toBe(404);

      // Without a Bot Framework token the activity is refused, and its text is not logged.
      const secretText = `hemligt-${randomUUID()}`;
      const status = await post(
        bot,
        activity(
          "https://smba.trafficmanager.net/emea/",
          { userId: "u1", conversationId: "c1" },
          {
            type: "message",
            text: secretText,
          },
        ),
      );
      expect(status).toBe(401);

      bot.process.kill("SIGTERM");
      expect(await bot.exited).toEqual({ code: 0, signal: null });

      const { stdout, stderr } = bot.output();
      const lines = jsonLines(stdout);
      expect(lines.map((line) => line.msg)).toEqual(
        expect.arrayContaining(["database migrated", "bot listening", "stopping"]),
      );
      expect(lines.find((line) => line.msg === "bot listening")).toMatchObject({ database: "postgres" });
      expect(stdout + stderr).not.toContain(secretText);
    });

    it("refuses to start in production without Bot Framework credentials, naming what is missing", async () => {
      const {
        MicrosoftAppId: _id,
        MicrosoftAppPassword: _password,
        ...withoutCredentials
      } = productionEnv(database.url);
      const bot = await startCompiledBot(build.outDir, withoutCredentials);
      expect((await bot.exited).code).toBe(1);
      expect(bot.output().stderr).toContain("MicrosoftAppId: is required when NODE_ENV=production");
      expect(bot.output().stderr).toContain("MicrosoftAppPassword: is required when NODE_ENV=production");
    });
  });
});

describe("graceful shutdown of the compiled bot", () => {
  const connector = new SlowConnector();
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tsf-sigterm-"));
    await connector.start();
  });
  afterAll(async () => {
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  // Anonymous (development-style) so the test can talk to it without Bot Framework tokens.
  const env = () => ({ NODE_ENV: "test", LOG_LEVEL: "info", DATA_DIR: dataDir });

  it("on SIGTERM during a slow turn: finishes the turn, delivers its reply, saves its state, closes the database and exits 0", async () => {
    const user = { userId: `aad-${randomUUID()}`, conversationId: `a:conv-${randomUUID()}` };
    let bot = await startCompiledBot(build.outDir, env());

    connector.holding = true;
    const arrived = connector.replyArrived();
    const turn = post(
      bot,
      activity(connector.url, user, { type: "message", value: { verb: "openTheme", themeId: "forovarna" } }),
    );
    await arrived; // the bot is now mid-turn, waiting for Teams to accept its reply

    bot.process.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.process.exitCode, "the bot must wait for the in-flight turn").toBeNull();
    // A new request is no longer accepted while the old one finishes.
    const late = await fetch(`${bot.url}/healthz`).then(
      (r) => r.status,
      () => "refused",
    );
    expect(late).toBe("refused");

    connector.release();
    expect(await turn).toBe(200);
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    const opened = cardsOf(connector.received.at(-1) as SentActivity)
      .map(cardText)
      .join("\n");
    expect(opened).toContain("steg 1 av 14");

    // The database was closed cleanly (PGlite lock released) and the turn's state is there.
    bot = await startCompiledBot(build.outDir, env());
    expect(bot.process.exitCode, bot.output().stderr).toBeNull();
    const before = connector.received.length;
    expect(await post(bot, activity(connector.url, user, { type: "message", text: "fortsätt" }))).toBe(200);
    const resumed = connector.received
      .slice(before)
      .flatMap((a) => cardsOf(a as SentActivity))
      .map(cardText);
    expect(resumed.join("\n")).toContain("steg 1 av 14");

    bot.process.kill("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  });
});
