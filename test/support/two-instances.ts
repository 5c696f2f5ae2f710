import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "../../src/platform/config";
import { startBot, type RunningBot } from "../../src/runtime";
import { spawnBot, type BotProcess } from "./bot-process";
import { FakeConnector } from "./fake-connector";
import { createTestDatabase, type TestDatabase } from "./postgres";
import type { BotUnderTest } from "./test-bot";
import { TestUser, type TestUserOptions } from "./test-user";

/** One bot instance behind the load balancer: its address, and the bot itself in this process or as its own. */
export interface InProcessInstance {
  url: string;
  bot: RunningBot;
}
export interface ProcessInstance {
  url: string;
  process: BotProcess;
}

export interface TwoInstances<Instance> {
  /** The database both share: a new, empty one for this file or `describe` block. */
  readonly database: TestDatabase;
  /** The one Bot Connector both answer through, as in production. */
  readonly connector: FakeConnector;
  readonly instances: readonly [Instance, Instance];
  /** A new user talking to the instance at `index`; with `sameAs`, that user in the same chat. */
  userOn(index: 0 | 1, sameAs?: Partial<Pick<TestUserOptions, "userId" | "tenantId" | "conversationId">>): TestUser;
  /** The same person in the same chat, as each instance sees them behind a load balancer without affinity. */
  sameUserOnBoth(): [TestUser, TestUser];
}

/** In-process instances can also be used as a test's bot harness: the instance at `index`, stopped by the suite. */
export interface TwoInProcessInstances extends TwoInstances<InProcessInstance> {
  harnessOn(index: 0 | 1): BotUnderTest;
}

export interface TwoInstancesOptions {
  /** The bots as this process (their services and database open to the test) or as processes of their own. */
  as: "in-process" | "processes";
  /** The instances' environment, beside the shared database and encryption key. */
  env?: Record<string, string>;
}

/**
 * Two bot instances sharing one PostgreSQL database, started in `beforeAll` and stopped in `afterAll`:
 * the scale-out setup. Call it inside a `describe.skipIf(!(await postgresAvailable))`. Both get the same
 * encryption key, or one could not read what the other saved; they start one at a time, so the first
 * applies the migrations and the second finds them applied.
 */
export function useTwoInstancesOnOnePostgres(
  options: TwoInstancesOptions & { as: "in-process" },
): TwoInProcessInstances;
export function useTwoInstancesOnOnePostgres(
  options: TwoInstancesOptions & { as: "processes" },
): TwoInstances<ProcessInstance>;
export function useTwoInstancesOnOnePostgres({
  as,
  env = {},
}: TwoInstancesOptions): TwoInProcessInstances | TwoInstances<ProcessInstance> {
  const connector = new FakeConnector();
  const dataDirs: string[] = [];
  const instances: Array<InProcessInstance | ProcessInstance> = [];
  let database: TestDatabase | undefined;

  const start = async (dataDir: string, shared: Record<string, string>) => {
    if (as === "processes") {
      const process = await spawnBot({ dataDir, env: shared });
      return { url: process.url, process };
    }
    const bot = await startBot(loadConfig({ NODE_ENV: "test", PORT: "0", DATA_DIR: dataDir, ...shared }));
    return { url: `http://127.0.0.1:${bot.port}`, bot };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    if (!database) throw new Error("PostgreSQL is not reachable; this suite should have been skipped");
    await connector.start();
    const shared = { ENCRYPTION_KEY: randomBytes(32).toString("base64"), ...env, DATABASE_URL: database.url };
    for (let i = 0; i < 2; i++) {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), `tsf-instance-${i}-`));
      dataDirs.push(dataDir);
      instances.push(await start(dataDir, shared));
    }
  });
  afterAll(async () => {
    await Promise.all(
      instances.map((instance) => ("bot" in instance ? instance.bot.close() : instance.process.stop())),
    );
    await connector.stop();
    await database?.drop();
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  const started = () => {
    if (!database || instances.length < 2) throw new Error("The instances start in beforeAll; use them inside a test");
    return {
      database,
      instances: instances as [InProcessInstance | ProcessInstance, InProcessInstance | ProcessInstance],
    };
  };
  const userOn = (index: 0 | 1, sameAs?: Partial<Pick<TestUserOptions, "userId" | "tenantId" | "conversationId">>) =>
    new TestUser({
      botUrl: started().instances[index].url,
      connector,
      userId: sameAs?.userId,
      tenantId: sameAs?.tenantId,
      conversationId: sameAs?.conversationId,
    });
  return {
    get database() {
      return started().database;
    },
    connector,
    // One kind per call, as the overloads say.
    get instances() {
      return started().instances as [InProcessInstance, InProcessInstance];
    },
    userOn,
    sameUserOnBoth: () => {
      const first = userOn(0);
      return [first, userOn(1, first)];
    },
    harnessOn: (index: 0 | 1): BotUnderTest => {
      const instance = started().instances[index];
      if (!("bot" in instance)) throw new Error("Only in-process instances serve as a bot harness");
      return {
        bot: instance.bot,
        url: instance.url,
        connector,
        newUser: (options) => new TestUser({ botUrl: instance.url, connector, ...options }),
        stop: async () => undefined,
      };
    },
  };
}
