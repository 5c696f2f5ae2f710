import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { spawnBot, type BotProcess } from "./bot-process";
import { FakeConnector } from "./fake-connector";
import { TestUser } from "./test-user";

export interface RestartableBot {
  /** Starts the bot as its own process; returns a new user talking to it. */
  start(): Promise<TestUser>;
  /** kill -9 on the running bot; returns the killed process (to check how it ended). */
  kill(): Promise<BotProcess>;
  /** Starts the bot again on the same DATA_DIR; returns `user` (same user and conversation) talking to it. */
  restart(user: TestUser): Promise<TestUser>;
}

/**
 * A real bot process that a test can kill hard and start again on the same temp DATA_DIR, with a
 * fake connector. Call inside a describe(): it registers the beforeAll/afterAll that create and
 * remove the temp dir, start and stop the connector and kill any bot still running.
 */
export function restartableBot(tempDirPrefix: string): RestartableBot {
  let dataDir: string;
  const connector = new FakeConnector();
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), tempDirPrefix));
    await connector.start();
  });
  afterAll(async () => {
    await bot?.stop("SIGKILL");
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const spawn = async () => {
    bot = await spawnBot({ dataDir });
    return bot;
  };

  return {
    async start() {
      const { url } = await spawn();
      return new TestUser({ botUrl: url, connector });
    },
    async kill() {
      if (!bot) throw new Error("restartableBot: kill() before start()");
      await bot.stop("SIGKILL");
      return bot;
    },
    async restart(user) {
      const { url } = await spawn();
      return new TestUser({ botUrl: url, connector, userId: user.userId, conversationId: user.conversationId });
    },
  };
}
