/**
 * The setup every browser e2e test shares: a temp DATA_DIR, the bot on a free port (PUBLIC_URL
 * pinned), the Agents Playground on another, a headless Chromium page on it, numbered screenshots
 * test-artifacts/e2e/<name>-<nn>-<what>.png, a step() wrapper that explains failures, and a guarded
 * stop().
 *
 * Usage:
 *   let session: E2ESession | undefined;
 *   beforeAll(async () => { session = await startE2ESession({ name: "theme-walk" }); }, 180_000);
 *   afterAll(() => session?.stop(), 60_000);
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";
import {
  ARTIFACT_DIR,
  CHROMIUM_PATH,
  REPO_ROOT,
  chromiumAvailable,
  getFreePort,
  openPlaygroundPage,
  playgroundConfig,
  startBot,
  startPlayground,
  type PlaygroundConfig,
  type PlaygroundPage,
  type RunningBot,
  type RunningPlayground,
} from "./playground";

/** Why the browser e2e tests cannot run here (no Chromium), or undefined when they can. */
export const E2E_SKIP_REASON = chromiumAvailable()
  ? undefined
  : `${CHROMIUM_PATH} is missing, so the browser e2e tests cannot run`;
if (E2E_SKIP_REASON) console.warn(`[e2e] SKIPPED: ${E2E_SKIP_REASON}`);

/** One bot answer; generous for a cold tsx + PGlite first turn. */
export const TURN_MS = 30_000;

export interface E2ESessionOptions {
  /** Prefix of the screenshots (`<name>-<nn>-<what>.png`) and of the temp dir. */
  name: string;
  /** Extra bot environment, on top of the pinned PUBLIC_URL and LOG_LEVEL=warn. */
  env?: Record<string, string>;
  /** Bot entry point (default src/index.ts). */
  entry?: string;
  /** Settings to change in a copy of .m365agentsplayground.yml (e.g. another tenantId). */
  playgroundConfig?: Record<string, unknown>;
}

export interface E2ESession {
  bot: RunningBot;
  playground: RunningPlayground;
  page: PlaygroundPage;
  /** The mock Teams context the Playground runs with: the bot, the current user, the other users, the chats. */
  config: PlaygroundConfig;
  /**
   * Saves `<name>-<nn>-<what>.png`, nn counting up from 01. Scrolls first: to the newest bot message
   * (default), to the first one, or not at all (`"none"`, when the test scrolled itself).
   */
  screenshot(what: string, options?: { scrollTo?: "latest" | "first" | "none" }): Promise<void>;
  /** Runs one step; on failure the error also carries the newest bot message, a screenshot and the bot's log. */
  step<T>(name: string, action: () => Promise<T>): Promise<T>;
  /** Closes the page and stops the Playground and the bot, each guarded, and removes the temp dir. */
  stop(): Promise<void>;
}

export async function startE2ESession(options: E2ESessionOptions): Promise<E2ESession> {
  const { name } = options;
  // Stale screenshots of an earlier (maybe longer) run would mix with this run's.
  for (const file of existsSync(ARTIFACT_DIR) ? readdirSync(ARTIFACT_DIR) : []) {
    if (file.startsWith(`${name}-`) && file.endsWith(".png")) rmSync(join(ARTIFACT_DIR, file));
  }
  const tempDir = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
  let bot: RunningBot | undefined;
  let playground: RunningPlayground | undefined;
  let page: PlaygroundPage | undefined;
  let config: PlaygroundConfig | undefined;

  const stop = async () => {
    // Each step guarded, so one failing cleanup does not leave the other processes running.
    await page?.close().catch(() => undefined);
    await playground?.stop().catch(() => undefined);
    await bot?.stop().catch(() => undefined);
    rmSync(tempDir, { recursive: true, force: true });
  };

  try {
    let configFile: string | undefined;
    if (options.playgroundConfig) {
      const yaml = YAML.parseDocument(readFileSync(join(REPO_ROOT, ".m365agentsplayground.yml"), "utf8"));
      for (const [key, value] of Object.entries(options.playgroundConfig)) yaml.set(key, value);
      configFile = join(tempDir, "playground.yml");
      writeFileSync(configFile, yaml.toString());
    }
    const port = await getFreePort();
    // PUBLIC_URL pinned so a developer's .env cannot point card images somewhere else.
    bot = await startBot({
      port,
      dataDir: join(tempDir, "data"),
      env: { PUBLIC_URL: `http://localhost:${port}`, LOG_LEVEL: "warn", ...options.env },
      entry: options.entry,
      timeoutMs: 90_000,
    });
    playground = await startPlayground({ botEndpoint: bot.endpoint, port: await getFreePort(), configFile });
    page = await openPlaygroundPage(playground.url);
    config = await playgroundConfig(playground.url);
  } catch (error) {
    await stop();
    throw error;
  }

  const running = { bot, playground, page, config };
  let shot = 0;

  const screenshot: E2ESession["screenshot"] = async (what, { scrollTo = "latest" } = {}) => {
    if (scrollTo === "first") {
      await running.page.page
        .locator(".fai-OutputCard")
        .first()
        .evaluate((el) => el.scrollIntoView({ block: "start" }));
    } else if (scrollTo === "latest") {
      await running.page.scrollToLatestBotMessage();
    }
    await running.page.screenshot(`${name}-${String(++shot).padStart(2, "0")}-${what}`);
  };

  const step = async <T>(stepName: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      // What the bot actually showed: the newest message's text, a screenshot and the bot's log.
      const lastMessage = await running.page.page
        .locator(".fai-OutputCard")
        .last()
        .innerText({ timeout: 2000 })
        .catch(() => "(none)");
      await running.page.screenshot(`${name}-failure-${stepName.replace(/\W+/g, "-")}`).catch(() => undefined);
      const botLog = running.bot.process.output().slice(-4000);
      throw new Error(
        `${stepName} failed: ${(error as Error).message}\n--- newest bot message ---\n${lastMessage}\n--- bot output ---\n${botLog}`,
        { cause: error },
      );
    }
  };

  return { ...running, screenshot, step, stop };
}
