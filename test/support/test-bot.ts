import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "../../src/platform/config";
import { startBot, type RunningBot } from "../../src/runtime";
import type { DatabaseKind } from "../../src/platform/storage/database";
import { createDatabaseTarget } from "./database-targets";
import { postgresAvailable } from "./postgres";
import { FakeConnector } from "./fake-connector";
import { TestUser, type TestUserOptions } from "./test-user";

export interface BotUnderTest {
  bot: RunningBot;
  url: string;
  connector: FakeConnector;
  newUser(options?: Partial<TestUserOptions>): TestUser;
  stop(): Promise<void>;
}

/** The real bot (Express, teams-ai, dialogs, database) in this process, on a free port and a new database. */
export async function startBotUnderTest(
  kind: DatabaseKind = "pglite",
  env: Record<string, string> = {},
): Promise<BotUnderTest> {
  const target = await createDatabaseTarget(kind);
  const connector = new FakeConnector();
  await connector.start();
  const bot = await startBot(
    loadConfig({
      NODE_ENV: "test",
      PORT: "0",
      DATA_DIR: target.options.dataDir,
      DATABASE_URL: target.options.databaseUrl ?? "",
      ...env,
    }),
  );
  const url = `http://127.0.0.1:${bot.port}`;
  return {
    bot,
    url,
    connector,
    newUser: (options = {}) => new TestUser({ botUrl: url, connector, ...options }),
    stop: async () => {
      await bot.close();
      await connector.stop();
      await target.cleanup();
    },
  };
}

/**
 * The bot under test for one test file or `describe` block: started in `beforeAll`, stopped in
 * `afterAll`. Its fields are read during the tests, once it has started. On PostgreSQL where none answers
 * it does not start, and the block's tests skip themselves (see `databaseKindsHere`).
 */
export function useBotUnderTest(kind: DatabaseKind = "pglite", env: Record<string, string> = {}): BotUnderTest {
  let harness: BotUnderTest | undefined;
  beforeAll(async () => {
    if (kind === "postgres" && !(await postgresAvailable)) return;
    harness = await startBotUnderTest(kind, env);
  });
  afterAll(() => harness?.stop());
  const started = (): BotUnderTest => {
    if (!harness) throw new Error("The bot under test starts in beforeAll; read it inside a test");
    return harness;
  };
  return {
    get bot() {
      return started().bot;
    },
    get url() {
      return started().url;
    },
    get connector() {
      return started().connector;
    },
    newUser: (options) => started().newUser(options),
    stop: () => started().stop(),
  };
}
