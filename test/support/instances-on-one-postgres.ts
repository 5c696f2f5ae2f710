import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "../../src/platform/config";
import { startBot, type RunningBot } from "../../src/runtime";
import { FakeConnector } from "./fake-connector";
import { createTestDatabase, type TestDatabase } from "./postgres";
import { TestUser, type TestUserOptions } from "./test-user";

export interface InstancesUnderTest {
  /** The running bots, in the order they were started; read inside a test. */
  readonly bots: RunningBot[];
  readonly connector: FakeConnector;
  /** A user talking to instance `index`. */
  userOn(index: number, options?: Partial<TestUserOptions>): TestUser;
  /** The same user, in the same chat, on every instance (as Teams' load balancer may send them anywhere). */
  sameUserOnEach(): TestUser[];
}

/**
 * Several instances of the real bot sharing one new PostgreSQL database and one fake Bot Connector, for
 * a `describe` block: started in `beforeAll`, stopped in `afterAll`.
 */
export function useInstancesOnOnePostgres(count: number, env: Record<string, string> = {}): InstancesUnderTest {
  let database: TestDatabase | undefined;
  const bots: RunningBot[] = [];
  const dirs: string[] = [];
  const connector = new FakeConnector();

  beforeAll(async () => {
    database = await createTestDatabase();
    if (!database) throw new Error("PostgreSQL is not reachable; this suite should have been skipped");
    await connector.start();
    for (let i = 0; i < count; i++) {
      const dir = await mkdtemp(path.join(os.tmpdir(), "tsf-instances-"));
      dirs.push(dir);
      bots.push(
        await startBot(
          loadConfig({
            NODE_ENV: "test",
            PORT: "0",
            DATA_DIR: dir,
            DATABASE_URL: database.url,
            LOG_LEVEL: "error",
            ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
            RATE_LIMIT_USER_PER_MINUTE: "1000",
            ...env,
          }),
        ),
      );
    }
  });
  afterAll(async () => {
    for (const bot of bots) await bot.close();
    await connector.stop();
    await database?.drop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  const userOn = (index: number, options: Partial<TestUserOptions> = {}) =>
    new TestUser({ botUrl: `http://127.0.0.1:${bots[index].port}`, connector, ...options });
  return {
    bots,
    connector,
    userOn,
    sameUserOnEach: () => {
      const first = userOn(0);
      return [
        first,
        ...bots.slice(1).map((_, i) => userOn(i + 1, { userId: first.userId, conversationId: first.conversationId })),
      ];
    },
  };
}
