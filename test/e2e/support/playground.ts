/**
 * End-to-end harness: the real Microsoft 365 Agents Playground (a local fake of Teams) driven by
 * headless Chromium. Facts this relies on (checked against @microsoft/m365agentsplayground 0.2.28):
 *
 * - CLI: `cli.js -e <bot endpoint> -c msteams -p <port> --disable-telemetry`. When the port is
 *   taken it silently falls back to a random one, so we read the real port from "Listening on N".
 * - Env: TEAMSAPPTESTER_BROWSER=none (do not open a browser), M365_AGENTS_PLAYGROUND_CONFIG_PATH
 *   (config file; default ./.m365agentsplayground.yml in cwd), M365_AGENTS_PLAYGROUND_LOGFILE
 *   (default ./devTools/m365agentsplayground.log in cwd, i.e. litter in the repo). TZ sets the
 *   `localTimezone` and clientInfo timezone in activities.
 * - Each page load calls GET /_internal/v1/config, which waits up to 15 s for the bot endpoint
 *   and then sends installationUpdate + conversationUpdate. So start the bot before the page.
 * - Activities always carry locale "en-US"; POST /_internal/v1/customActivities forwards any
 *   activity verbatim, which is how sendCustomMessage() sends sv-SE (or a message from another member).
 * - Group chats, other users, mentions, Action.Execute and what the Playground lacks (user-specific
 *   views): test/e2e/support/group-chats.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import type { Card } from "../../support/test-user";

export const REPO_ROOT = resolve(__dirname, "../../..");
/** Debian's Chromium; E2E_CHROMIUM_PATH overrides it (e.g. on a developer laptop). */
export const CHROMIUM_PATH = process.env.E2E_CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACT_DIR = join(REPO_ROOT, "test-artifacts", "e2e");
const PLAYGROUND_CLI = join(REPO_ROOT, "node_modules/@microsoft/m365agentsplayground/cli.js");

// ---------------------------------------------------------------------------------------------
// Processes

export interface ManagedProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** Kills the whole process group (npx -> tsx -> node), SIGTERM then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

const live = new Set<number>();
// Last resort if a test run dies without afterAll: never leave bots or Playgrounds behind.
process.once("exit", () => {
  for (const pid of live) killGroup(pid, "SIGKILL");
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

function spawnManaged(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): ManagedProcess {
  // detached = own process group, so one signal reaches npx, tsx and the node grandchild alike.
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  live.add(pid);
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return {
    child,
    output: () => log,
    async stop() {
      if (!live.has(pid)) return;
      killGroup(pid, "SIGTERM");
      const timer = new Promise<void>((done) => setTimeout(done, 5000).unref());
      await Promise.race([exited, timer]);
      // Also when the leader exited: a grandchild may still hold the port.
      killGroup(pid, "SIGKILL");
      live.delete(pid);
    },
  };
}

export async function getFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Polls `url` until it answers 200; fails early (with the process output) if `proc` exits. */
async function waitForHttpOk(url: string, proc: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`process exited before ${url} answered:\n${proc.output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${proc.output()}`);
}

// ---------------------------------------------------------------------------------------------
// Bot

export interface RunningBot {
  url: string;
  /** What the Playground must post to: `${url}/api/messages`. */
  endpoint: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Starts the bot as its own process: `npx tsx <entry>` (default src/index.ts) in anonymous mode
 * (empty MicrosoftAppId, which the Playground expects: it sends no auth header), and waits for
 * GET /healthz to answer 200.
 */
export async function startBot(options: {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  entry?: string;
  timeoutMs?: number;
}): Promise<RunningBot> {
  const { port, dataDir } = options;
  const proc = spawnManaged("npx", ["--no-install", "tsx", options.entry ?? "src/index.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      MicrosoftAppId: "",
      MicrosoftAppPassword: "",
      ...options.env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttpOk(`${url}/healthz`, proc, options.timeoutMs ?? 60_000);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { url, endpoint: `${url}/api/messages`, process: proc, stop: () => proc.stop() };
}

// ---------------------------------------------------------------------------------------------
// Playground server

export interface RunningPlayground {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export async function startPlayground(options: {
  botEndpoint: string;
  port?: number;
  configFile?: string;
  timeoutMs?: number;
  /** Inherit stdio instead of capturing it (for `npm run playground`). */
  inheritOutput?: boolean;
}): Promise<RunningPlayground> {
  const port = options.port ?? (await getFreePort());
  const configFile = resolve(options.configFile ?? join(REPO_ROOT, ".m365agentsplayground.yml"));
  mkdirSync(ARTIFACT_DIR, { recursive: true });
  const proc = spawnManaged(
    process.execPath,
    [PLAYGROUND_CLI, "-e", options.botEndpoint, "-c", "msteams", "-p", String(port), "--disable-telemetry"],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: "none",
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
        M365_AGENTS_PLAYGROUND_LOGFILE: join(ARTIFACT_DIR, `playground-${port}.log`),
        TZ: process.env.TZ ?? "Europe/Stockholm",
      },
    },
  );
  if (options.inheritOutput) {
    proc.child.stdout?.pipe(process.stdout);
    proc.child.stderr?.pipe(process.stderr);
  }
  try {
    const actualPort = await waitForListening(proc, options.timeoutMs ?? 60_000);
    const url = `http://localhost:${actualPort}`;
    await waitForHttpOk(`${url}/_debug/ping`, proc, 10_000);
    return { url, process: proc, stop: () => proc.stop() };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

async function waitForListening(proc: ManagedProcess, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /Listening on (\d+)/.exec(proc.output());
    if (match) return Number(match[1]);
    if (proc.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Playground did not start:\n${proc.output()}`);
}

/** A user of the Playground's config (.m365agentsplayground.yml): `currentUser` or one of `users`. */
export interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId: string;
}

/** What GET /_internal/v1/config answers, as far as the tests use it. */
export interface PlaygroundConfig {
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChats: { id: string; name: string; members: string[] }[];
}

export async function playgroundConfig(playgroundUrl: string): Promise<PlaygroundConfig> {
  const res = await fetch(`${playgroundUrl}/_internal/v1/config`);
  if (!res.ok) throw new Error(`/_internal/v1/config answered ${res.status}`);
  return ((await res.json()) as { config: PlaygroundConfig }).config;
}

/**
 * Sends a message activity straight to the bot through the Playground, with fields the UI cannot set:
 * `locale: "sv-SE"`, another conversation (default the personal chat), another sender (default the
 * current user; the UI only ever sends as the current user) and a mention of the bot (as a group chat
 * needs). The bot's replies still show up in an open Playground page; the message itself does not
 * (the Playground shows only what its own composer sent).
 */
export async function sendCustomMessage(
  playgroundUrl: string,
  message: {
    text?: string;
    value?: unknown;
    locale?: string;
    conversationId?: string;
    from?: PlaygroundUser;
    mentionBot?: boolean;
  },
): Promise<void> {
  const config = await playgroundConfig(playgroundUrl);
  const conversationId = message.conversationId ?? config.personalChat.id;
  // The "install" template carries from/recipient/conversation/tenant/serviceUrl for that chat.
  const templateUrl = `${playgroundUrl}/_internal/v1/customActivities/template?type=install&conversationId=${encodeURIComponent(conversationId)}`;
  const template = (await (await fetch(templateUrl)).json()) as Record<string, unknown>;
  const locale = message.locale ?? "sv-SE";
  const mention = `<at>${config.bot.name}</at>`;
  const from = message.from && { id: message.from.id, name: message.from.name, aadObjectId: message.from.aadObjectId };
  const activity = {
    ...template,
    type: "message",
    action: undefined,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    ...(from && { from }),
    text: message.mentionBot ? `${mention} ${message.text ?? ""}` : message.text,
    value: message.value,
    locale,
    entities: [
      { type: "clientInfo", locale },
      ...(message.mentionBot ? [{ type: "mention", mentioned: config.bot, text: mention }] : []),
    ],
  };
  const res = await fetch(`${playgroundUrl}/_internal/v1/customActivities`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  if (!res.ok) throw new Error(`customActivities answered ${res.status}: ${await res.text()}`);
}

/** An Adaptive Card as JSON, as the bot sent it (read with the HTTP tests' cardText/allActions). */
export type CardJson = Card;

/** What the bot answered an Action.Execute with (`type` is the card's content type when it is a card). */
export interface InvokeAnswer {
  type: string;
  value: unknown;
}

export const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

/**
 * Presses an Action.Execute of a bot message as `userId` (any member of the conversation), the way
 * the Playground's own client does (POST /_conversation/v1/invoke, which the Playground turns into an
 * adaptiveCard/action invoke from that user). Resolves with the bot's answer: the card that user would
 * now see in place of the pressed one. The open page does not show it (only the bot's own updates of
 * the message reach the page).
 */
export async function invokeCardAction(
  playgroundUrl: string,
  press: {
    userId: string;
    conversationId: string;
    messageId: string;
    action: { verb: string; data?: unknown; title?: string };
    trigger?: "manual" | "automatic";
  },
): Promise<InvokeAnswer> {
  const res = await fetch(`${playgroundUrl}/_conversation/v1/invoke`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", ...press.action }, trigger: press.trigger ?? "manual" },
      from: { id: press.userId },
      conversation: { id: press.conversationId },
      replyToId: press.messageId,
    }),
  });
  if (!res.ok) throw new Error(`/_conversation/v1/invoke answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as InvokeAnswer;
}

// ---------------------------------------------------------------------------------------------
// Browser page

/** A message the bot posted, with its cards as the bot last sent them (what everyone sees) and as the page showed them. */
export interface StreamedBotMessage {
  messageId: string;
  conversationId: string;
  cards: CardJson[];
  /** After the current user's user-specific view, if the card has one for them. */
  shownCards: CardJson[];
}

export interface PlaygroundPage {
  /** The underlying Playwright page, for anything the helpers below do not cover. */
  readonly page: Page;
  /** Types `text` into the open conversation and sends it; with `mention`, starts with an @mention
   *  of that name picked from the composer's mention menu (a group chat passes only those to the bot). */
  send(text: string, options?: { mention?: string }): Promise<void>;
  /** Opens a conversation of the left rail by its name (e.g. the config's groupChat.name). */
  openConversation(name: string): Promise<void>;
  /** The bot's messages in a conversation, oldest first, as the conversation stream delivered them. */
  botMessages(conversationId: string): StreamedBotMessage[];
  /** Waits for a bot message (text or card) containing `text`, among messages that arrived after
   *  the last send()/clickCardButton() unless `onlyNew` is false (cards updated in place by
   *  Action.Execute keep their old position, so use onlyNew: false for those). */
  waitForBotMessageContaining(
    text: string | RegExp,
    timeoutMs?: number,
    options?: { onlyNew?: boolean },
  ): Promise<string>;
  /** Clicks a button of the newest card that has it; with `near`, the one in the innermost card
   *  Container that also shows that text (e.g. the "Read more" of one search hit among several). */
  clickCardButton(title: string, options?: { near?: string | RegExp }): Promise<void>;
  fillCardInput(placeholderOrLabel: string, text: string): Promise<void>;
  lastCardText(): Promise<string>;
  /** Scrolls the newest bot message so its top is in view (tall cards otherwise show only their end). */
  scrollToLatestBotMessage(): Promise<void>;
  /** Waits until every image in the newest card has loaded; returns their URLs. Fails on a broken image. */
  waitForLatestCardImages(timeoutMs?: number): Promise<string[]>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

// Selectors found by reading the Playground's DOM (Fluent UI + adaptivecards renderer).
const COMPOSER = '[data-lexical-editor="true"][role="textbox"]';
const SEND_BUTTON = 'button[aria-label="Send Message"]';
const BOT_MESSAGE = ".fai-OutputCard"; // Bubble of every bot message; user messages have none.
const CARD = ".ac-adaptiveCard";
const MENTION_MENU_ITEM = "#typeahead-menu [role=menuitem]";
const SEEN = "data-e2e-seen";

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * Sits between the Playground's page and its server on the conversation stream (the websocket over
 * which the server pushes every message it gets from the bot, `createMessage`/`updateMessage` with
 * the message's cards) and does two things:
 *
 * - records the bot's messages per conversation, with their ids, so a test can press a card's button
 *   as another member (invokeCardAction needs the message id);
 * - plays the part of Teams' user-specific views, which the Playground lacks (it renders a card's body
 *   as sent and warns "User specific view is not supported yet"): a card whose `refresh.userIds` names
 *   the current user is first refreshed for them, with the automatic adaptiveCard/action invoke a Teams
 *   client sends, and the page shows the answer. Every card reaches the page without its `refresh`
 *   (this did its work), so the Playground's warning does not hide the cards in screenshots.
 */
async function routeConversationStream(context: BrowserContext, playgroundUrl: string) {
  const { currentUser } = await playgroundConfig(playgroundUrl);
  const messages = new Map<string, StreamedBotMessage>();

  interface StreamFrame {
    action?: string;
    actionConversationId?: string;
    message?: { messageId?: string; from?: { id?: string }; attachments?: { contentType: string; content: unknown }[] };
  }

  const shownTo = async (frame: StreamFrame, conversationId: string, messageId: string) => {
    for (const attachment of frame.message?.attachments ?? []) {
      if (attachment.contentType !== ADAPTIVE_CARD) continue;
      const card = (typeof attachment.content === "string" ? JSON.parse(attachment.content) : attachment.content) as {
        refresh?: { action?: { verb?: string; data?: unknown }; userIds?: string[] };
      };
      const { refresh, ...withoutRefresh } = card;
      attachment.content = withoutRefresh;
      if (!refresh?.action?.verb || !refresh.userIds?.includes(currentUser.id)) continue;
      const answer = await invokeCardAction(playgroundUrl, {
        userId: currentUser.id,
        conversationId,
        messageId,
        action: { verb: refresh.action.verb, data: refresh.action.data },
        trigger: "automatic",
      });
      if (answer.type !== ADAPTIVE_CARD) throw new Error(`the refresh answered ${JSON.stringify(answer)}`);
      const { refresh: _refreshedAgain, ...refreshed } = answer.value as { refresh?: unknown };
      attachment.content = refreshed;
    }
  };

  const handle = async (raw: string): Promise<string> => {
    const frame = JSON.parse(raw) as StreamFrame;
    const { message, actionConversationId: conversationId } = frame;
    const messageId = message?.messageId;
    const isBotMessage = message?.from?.id !== currentUser.id;
    if (!isBotMessage || !messageId || !conversationId) return raw;
    if (frame.action !== "createMessage" && frame.action !== "updateMessage") return raw;
    const cardsOf = () =>
      (message.attachments ?? [])
        .filter((a) => a.contentType === ADAPTIVE_CARD)
        .map((a) => structuredClone((typeof a.content === "string" ? JSON.parse(a.content) : a.content) as CardJson));
    const cards = cardsOf();
    try {
      await shownTo(frame, conversationId, messageId);
    } catch (error) {
      // The page then shows the card as the bot sent it; the test will miss the controls and say what it saw.
      console.warn(`[e2e] user-specific view of message ${messageId} failed: ${(error as Error).message}`);
    }
    messages.set(messageId, { messageId, conversationId, cards, shownCards: cardsOf() });
    return JSON.stringify(frame);
  };

  await context.routeWebSocket(/\/_ws_conversation\/v1\/conversations\/stream$/, (ws) => {
    const server = ws.connectToServer();
    // One frame at a time, so a refresh in flight cannot let a later update overtake an earlier one.
    let queue = Promise.resolve();
    server.onMessage((frame) => {
      queue = queue.then(async () => ws.send(typeof frame === "string" ? await handle(frame) : frame));
    });
    ws.onMessage((frame) => server.send(frame));
  });

  return {
    botMessages: (conversationId: string) => [...messages.values()].filter((m) => m.conversationId === conversationId),
  };
}

export async function openPlaygroundPage(
  url: string,
  options: { screenshotDir?: string; timeoutMs?: number } = {},
): Promise<PlaygroundPage> {
  const screenshotDir = options.screenshotDir ?? ARTIFACT_DIR;
  const userDataDir = mkdtempSync(join(tmpdir(), "e2e-chromium-"));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 900 },
      locale: "sv-SE",
      timezoneId: "Europe/Stockholm",
    });
    // The UI loads Segoe UI fonts and an animation worklet from a Microsoft CDN. Without internet
    // that can stall on DNS; aborting every non-loopback request keeps the page fast and offline.
    await context.route(
      (u) => !["localhost", "127.0.0.1", "[::1]"].includes(u.hostname),
      (route) => route.abort(),
    );
    const stream = await routeConversationStream(context, url);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(options.timeoutMs ?? 30_000);
    await page.goto(url, { waitUntil: "domcontentloaded" });
    await page.locator(COMPOSER).waitFor({ state: "visible" });
    return makePage(page, context, userDataDir, screenshotDir, stream.botMessages);
  } catch (error) {
    await context?.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

function makePage(
  page: Page,
  context: BrowserContext,
  userDataDir: string,
  screenshotDir: string,
  botMessages: PlaygroundPage["botMessages"],
): PlaygroundPage {
  // Marks every bot message now on screen, so waits after an action only match new messages.
  const markSeen = () =>
    page.locator(BOT_MESSAGE).evaluateAll((els, attr) => els.forEach((e) => e.setAttribute(attr, "1")), SEEN);

  // Latest bot message whose card contains `inner`; returns that card.
  const latestCardWith = (inner: Locator): Locator =>
    page
      .locator(BOT_MESSAGE)
      .filter({ has: page.locator(CARD).filter({ has: inner }) })
      .last()
      .locator(CARD)
      .first();

  return {
    page,
    botMessages,
    async send(text, options = {}) {
      await markSeen();
      const composer = page.locator(COMPOSER);
      await composer.click();
      // Typing (not fill) because the composer is a Lexical editor that listens to key events.
      if (options.mention !== undefined) {
        // "@" and a few letters open the mention menu; Enter there would send the half-typed text.
        await composer.pressSequentially(`@${options.mention.slice(0, 3)}`);
        await page.locator(MENTION_MENU_ITEM).filter({ hasText: options.mention }).click();
        await composer.pressSequentially(` ${text}`);
      } else {
        await composer.pressSequentially(text);
      }
      await page.locator(SEND_BUTTON).click();
      // The composer empties once the Playground accepted the message.
      for (let i = 0; ((await composer.textContent()) ?? "").trim() !== ""; i++) {
        if (i > 100) throw new Error(`composer still holds text after sending "${text}"`);
        await page.waitForTimeout(100);
      }
    },
    async openConversation(name) {
      await page.getByRole("treeitem", { name, exact: true }).click();
      await page.locator(COMPOSER).waitFor({ state: "visible" });
    },
    async waitForBotMessageContaining(text, timeoutMs = 30_000, options = {}) {
      const scope = options.onlyNew === false ? BOT_MESSAGE : `${BOT_MESSAGE}:not([${SEEN}])`;
      const message = page.locator(scope).filter({ hasText: text }).last();
      await message.waitFor({ state: "visible", timeout: timeoutMs });
      return message.innerText();
    },
    async clickCardButton(title, options = {}) {
      const button = (root: Page | Locator) => root.getByRole("button", { name: title, exact: true });
      const card = latestCardWith(button(page));
      // Nested Containers come after their parents in document order, so last() is the innermost.
      const scope =
        options.near === undefined
          ? card
          : card
              .locator(".ac-container")
              .filter({ hasText: options.near })
              .filter({ has: button(page) })
              .last();
      await markSeen();
      await button(scope).first().click();
    },
    async fillCardInput(placeholderOrLabel, text) {
      // Adaptive Card inputs carry the placeholder as aria-label and the `label` via aria-labelledby.
      const field = (root: Page | Locator) =>
        root
          .getByPlaceholder(placeholderOrLabel, { exact: true })
          .or(root.getByLabel(placeholderOrLabel, { exact: true }));
      await field(latestCardWith(field(page)))
        .last()
        .fill(text);
    },
    async lastCardText() {
      return page
        .locator(BOT_MESSAGE)
        .filter({ has: page.locator(CARD) })
        .last()
        .locator(CARD)
        .first()
        .innerText();
    },
    async scrollToLatestBotMessage() {
      await page
        .locator(BOT_MESSAGE)
        .last()
        .evaluate((el) => el.scrollIntoView({ block: "start" }));
    },
    async waitForLatestCardImages(timeoutMs = 30_000) {
      const images = page
        .locator(BOT_MESSAGE)
        .filter({ has: page.locator(CARD) })
        .last()
        .locator(`${CARD} img`);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // complete + naturalWidth 0 means the browser gave up on the image (404, bad data).
        const state = await images.evaluateAll((els) =>
          els.map((e) => {
            const img = e as unknown as { src: string; complete: boolean; naturalWidth: number };
            return { src: img.src, complete: img.complete, width: img.naturalWidth };
          }),
        );
        const broken = state.filter((i) => i.complete && i.width === 0);
        if (broken.length > 0) throw new Error(`card images did not load: ${broken.map((i) => i.src).join(", ")}`);
        if (state.every((i) => i.complete)) return state.map((i) => i.src);
        if (Date.now() > deadline) throw new Error(`card images still loading after ${timeoutMs} ms`);
        await page.waitForTimeout(200);
      }
    },
    async screenshot(name) {
      mkdirSync(screenshotDir, { recursive: true });
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}
