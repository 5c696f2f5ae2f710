import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { fill } from "../../src/domain/content/ui-text-schema";
import { openDatabase } from "../../src/platform/storage/database";
import { spawnBot, type BotProcess } from "../support/bot-process";
import { FakeConnector } from "../support/fake-connector";
import { postgresAvailable } from "../support/postgres";
import { cardText, TestUser } from "../support/test-user";
import { useTwoInstancesOnOnePostgres } from "../support/two-instances";

const sv = loadContent().ui("sv");
const theme = loadContent().themes("sv")[0];
const reminderTitle = fill(sv.reminders.cardTitle, { theme: theme.title });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const remindersOf = (user: TestUser) => user.cards().filter((card) => cardText(card).includes(reminderTitle));

async function askForReminder(user: TestUser) {
  await user.say("meny");
  await user.press(fill(sv.menu.open, { number: theme.order }));
  await user.press(sv.step.next);
  await user.say("påminn mig om en vecka");
}

async function waitForOne(user: TestUser) {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline && remindersOf(user).length === 0;) await sleep(200);
  await sleep(3000); // several more sweeps, by every instance
  return remindersOf(user).length;
}

describe("a reminder survives a restart", () => {
  let dataDir: string;
  const connector = new FakeConnector();
  let bot: BotProcess | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tsf-reminder-restart-"));
    await connector.start();
  });
  afterAll(async () => {
    await bot?.stop("SIGKILL");
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("asked for, the bot killed, the week passing while it is down: after the restart it arrives once", async () => {
    bot = await spawnBot({ dataDir, env: { REMINDER_SWEEP_SECONDS: "1" } });
    const first = new TestUser({ botUrl: bot.url, connector });
    await askForReminder(first);
    await bot.stop("SIGKILL");

    const database = await openDatabase({ dataDir });
    try {
      await database.prisma.reminder.updateMany({ data: { dueAt: new Date(Date.now() - 1000) } });
    } finally {
      await database.close();
    }

    bot = await spawnBot({ dataDir, env: { REMINDER_SWEEP_SECONDS: "1" } });
    const user = new TestUser({
      botUrl: bot.url,
      connector,
      userId: first.userId,
      conversationId: first.conversationId,
    });
    expect(await waitForOne(user)).toBe(1);
  });
});

describe("two instances on one database", async () => {
  const pgAvailable = await postgresAvailable;
  describe.skipIf(!pgAvailable)("sharing one PostgreSQL", () => {
    const shared = useTwoInstancesOnOnePostgres({ as: "in-process", env: { REMINDER_SWEEP_SECONDS: "1" } });

    it("delivers each due reminder exactly once, though both instances sweep", async () => {
      const users = Array.from({ length: 5 }, (_, i) => shared.userOn((i % 2) as 0 | 1));
      for (const user of users) await askForReminder(user);
      const client = new Client({ connectionString: shared.database.url });
      await client.connect();
      try {
        await client.query("UPDATE reminder SET due_at = now() - interval '1 second'");
      } finally {
        await client.end();
      }
      for (const user of users) expect(await waitForOne(user)).toBe(1);
    });
  });
});
