/**
 * `npm run bench`: closed-loop load on the bot on PostgreSQL and on the embedded database (PGlite), beside
 * a baseline echo bot (bench/echo-bot.ts: teams-ai Application + MemoryStorage on the same botbuilder,
 * teams-ai and Express), all in one run. Every target is its own process; its replies go to an in-process
 * fake Bot Connector on loopback that answers 200 at once. The bot keeps its production connector client,
 * so its per-conversation pacing (~7 messages/s, src/teams/adapter/connector-http-client.ts) stays on: each
 * conversation can take at most ~7 turns/s, and BENCH_USERS conversations at most 7× that.
 *
 * 1. `npm run build`, then all targets start, together (the PGlite one on an empty data folder, so its first start
 *    counts). The bot runs as `npm start` and `npm run start:prod` run it: the compiled build with start:prod's node flags.
 * 2. Rounds: echo, PostgreSQL, PGlite, echo, PostgreSQL, PGlite … each BENCH_USERS conversations in a closed
 *    loop (meny → a search question → open theme 3 → Nästa … → save a reflection) for BENCH_ROUND_SECONDS,
 *    so machine noise falls on every target alike. Turns/s, p50/p95/p99 and CPU ms per turn of the target
 *    process over all its rounds; ratios to the echo bot.
 * 3. Per target: BENCH_CONVERSATIONS new conversations (each says "meny" once), then its RSS; meanwhile, in
 *    two more conversations, 5 and BENCH_PRESSES presses of Nästa/Tillbaka in one theme, then the size of
 *    each conversation's bot_state rows.
 * Writes every figure, the machine, the load average and a verdict per target to bench/RESULTS.md.
 *
 * Options (environment): BENCH_QUICK=1 (a ~40 s smoke run), BENCH_USERS, BENCH_ROUNDS, BENCH_ROUND_SECONDS,
 * BENCH_WARMUP_SECONDS, BENCH_CONVERSATIONS, BENCH_CONVERSATION_CAP_SECONDS, BENCH_PRESSES,
 * BENCH_TSX=1 (also the bot from its TypeScript sources under tsx, as `npm run dev` runs it, with the same node flags),
 * BENCH_FLAGS_VARIANT="<node flags>" (also the compiled bot with these node flags instead of start:prod's, in the same
 * rounds: a flag's effect measured on the same machine at the same time),
 * BENCH_ECHO_PACING=1 (the echo bot paces its replies with the bot's connector client too),
 * BENCH_CPU_PROF_DIR=<folder> (every target runs under `node --cpu-prof`, its profile written there on exit).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Client } from "pg";
import { parse } from "yaml";
import { pgliteStartParams } from "../src/platform/storage/database";
import { productionStart } from "../test/production/compiled-bot";
import { freePort } from "../test/support/bot-process";
import { createTestDatabase, POSTGRES_ADDRESS, type TestDatabase } from "../test/support/postgres";

const repoRoot = path.resolve(__dirname, "..");
const quick = process.env.BENCH_QUICK === "1";
const option = (name: string, full: number, quickValue: number) => {
  const value = Number(process.env[name] ?? (quick ? quickValue : full));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
};
const users = option("BENCH_USERS", 100, 100);
const rounds = Math.max(1, option("BENCH_ROUNDS", 3, 1));
const roundSeconds = option("BENCH_ROUND_SECONDS", 10, 4);
const warmUpSeconds = option("BENCH_WARMUP_SECONDS", 3, 2);
const conversations = option("BENCH_CONVERSATIONS", 1000, 200);
const conversationCapSeconds = option("BENCH_CONVERSATION_CAP_SECONDS", 40, 20);
const presses = Math.max(6, option("BENCH_PRESSES", 100, 30));
const withTsx = process.env.BENCH_TSX === "1";
const flagsVariant = process.env.BENCH_FLAGS_VARIANT?.trim().split(/\s+/).filter(Boolean);
const echoPacing = process.env.BENCH_ECHO_PACING === "1";
const cpuProfileArgs = process.env.BENCH_CPU_PROF_DIR
  ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF_DIR)}`]
  : [];
const tenantId = "00000000-0000-0000-0000-0000000000001";
/** The connector client's spacing between messages to one conversation (Teams allows about 7 per second). */
const pacingPerConversation = 1000 / Math.ceil(1000 / 7);

type Kind = "echo" | "postgres" | "pglite";
const targets = {
  postgres: { tps: 0.5, p99: 2, rssMb: 300 },
  pglite: { tps: 0.35, p99: 4, rssMb: 400 },
} as const;
const clockTicksPerSecond = 100;

/** Replies that mean the turn failed even though HTTP said 200. */
const failureTexts = (() => {
  const ui = parse(readFileSync(path.join(repoRoot, "content/sv/ui.yaml"), "utf8")) as {
    errors: Record<string, string>;
    reliability: Record<string, string>;
  };
  return [ui.errors.generic, ui.errors.unknownAction, ...Object.values(ui.reliability)].filter(
    (t): t is string => typeof t === "string" && t.length > 0,
  );
})();

// ---------------------------------------------------------------------------------------------------------
// The scenario: theme 3 (Förövarna) from its first step to its first reflection, read from the content.

interface Turn {
  name: string;
  fields: Record<string, unknown>;
  /** A string the reply must contain (the real bot only). */
  expect: string;
}

function themeThree(): { id: string; steps: Array<{ id: string; type: string }> } {
  return parse(readFileSync(path.join(repoRoot, "content/sv/tema-3-forovarna.yaml"), "utf8")) as {
    id: string;
    steps: Array<{ id: string; type: string }>;
  };
}

function scenario(): Turn[] {
  const theme = themeThree();
  const reflectionIndex = theme.steps.findIndex((s) => s.type === "reflection");
  if (reflectionIndex < 1 || reflectionIndex + 1 >= theme.steps.length)
    throw new Error("theme 3 needs a reflection step that is neither first nor last");
  const themeId = theme.id;
  const stepRef = (id: string) => `"stepId":"${id}"`;
  const turns: Turn[] = [
    { name: "meny", fields: { type: "message", text: "meny" }, expect: themeId },
    { name: "search", fields: { type: "message", text: "ska jag polisanmäla" }, expect: "polisanm" },
    {
      name: "openTheme",
      fields: { type: "message", value: { verb: "openTheme", themeId, stepId: theme.steps[0].id } },
      expect: stepRef(theme.steps[0].id),
    },
  ];
  for (let i = 0; i < reflectionIndex; i++) {
    turns.push({
      name: "next",
      fields: { type: "message", value: { verb: "moveStep", move: "next", themeId, stepId: theme.steps[i].id } },
      expect: stepRef(theme.steps[i + 1].id),
    });
  }
  const reflection = theme.steps[reflectionIndex].id;
  turns.push({
    name: "reflectionSave",
    fields: {
      type: "message",
      value: {
        verb: "reflectionChoice",
        choice: "save",
        themeId,
        stepId: reflection,
        reflectionAnswer: "Jag skulle prata med säkerhetsansvarig och spara meddelandet innan jag gör något mer.",
      },
    },
    expect: stepRef(theme.steps[reflectionIndex + 1].id),
  });
  return turns;
}

// ---------------------------------------------------------------------------------------------------------
// The fake Bot Connector: answers 200 at once, keeps only the bodies of the current turn per conversation.

class Connector {
  private server?: Server;
  private readonly pending = new Map<string, string[]>();
  private nextId = 1;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? "");
        if (match && (req.method === "POST" || req.method === "PUT")) {
          const conversationId = decodeURIComponent(match[1]);
          const list = this.pending.get(conversationId);
          if (list) list.push(Buffer.concat(chunks).toString("utf8"));
          else this.pending.set(conversationId, [Buffer.concat(chunks).toString("utf8")]);
          res.writeHead(200, { "content-type": "application/json" });
          res.end(`{"id":"reply-${this.nextId++}"}`);
          return;
        }
        res.writeHead(404, { "content-type": "application/json" });
        res.end(`{"error":{"code":"NotFound","message":"fake connector"}}`);
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", () => resolve()));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** The replies posted for the conversation since the last call, and forgets them. */
  take(conversationId: string): string[] {
    const list = this.pending.get(conversationId) ?? [];
    this.pending.delete(conversationId);
    return list;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Open theme 3, then alternate Nästa and Tillbaka between its first two steps. */
function pressTurns(count: number): Turn[] {
  const theme = themeThree();
  const [first, second] = theme.steps;
  const turns: Turn[] = [
    {
      name: "openTheme",
      fields: { type: "message", value: { verb: "openTheme", themeId: theme.id, stepId: first.id } },
      expect: `"stepId":"${first.id}"`,
    },
  ];
  for (let i = 0; i < count; i++) {
    const forward = i % 2 === 0;
    turns.push({
      name: forward ? "next" : "back",
      fields: {
        type: "message",
        value: {
          verb: "moveStep",
          move: forward ? "next" : "back",
          themeId: theme.id,
          stepId: forward ? first.id : second.id,
        },
      },
      expect: `"stepId":"${forward ? second.id : first.id}"`,
    });
  }
  return turns;
}

// ---------------------------------------------------------------------------------------------------------
// A target process.

interface TargetSpec {
  name: string;
  kind: Kind;
  compiled: boolean;
  /** Arguments to node. */
  args: string[];
  env: Record<string, string>;
  ready: string;
  /** Where its state lives, to read the dialog state's size. */
  databaseUrl?: string;
  pgliteDir?: string;
}

interface Target {
  spec: TargetSpec;
  url: string;
  pid: number;
  readySeconds: number;
  output(): string;
  stop(): Promise<void>;
}

async function startTarget(spec: TargetSpec): Promise<Target> {
  const t0 = performance.now();
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...cpuProfileArgs, ...spec.args], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), ...spec.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${spec.name} exited during start:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${spec.name} was not ready within 180 s:\n${output}`);
    }
    const ok = await fetch(`${url}${spec.ready}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(250);
  }
  const readySeconds = (performance.now() - t0) / 1000;
  return { spec, url, pid: child.pid!, readySeconds, output: () => output, stop };
}

// ---------------------------------------------------------------------------------------------------------
// The target process's memory and CPU, from /proc.

function procStatusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU of the process so far, in ms. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return 0;
  }
}

const mb = (kb: number) => kb / 1024;

// ---------------------------------------------------------------------------------------------------------
// Virtual users: one conversation each.

class VirtualUser {
  readonly userId = `aad-bench-${randomUUID()}`;
  readonly conversationId = `a:bench-${randomUUID()}`;
  constructor(
    private readonly botUrl: string,
    private readonly connector: Connector,
    private readonly checkReplies: boolean,
  ) {}

  /** One POST to /api/messages; resolves when the bot has answered it (after its replies were sent). */
  async turn(turn: Turn): Promise<{ ms: number; error?: string }> {
    this.connector.take(this.conversationId);
    const body = JSON.stringify({
      id: randomUUID(),
      channelId: "msteams",
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      locale: "sv-SE",
      from: { id: `29:${this.userId}`, aadObjectId: this.userId, name: "Bench Användare" },
      recipient: { id: "28:bot", name: "Bot" },
      conversation: { id: this.conversationId, conversationType: "personal", tenantId },
      channelData: { tenant: { id: tenantId } },
      ...turn.fields,
    });
    const start = performance.now();
    let status: number;
    try {
      const response = await fetch(`${this.botUrl}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      return { ms: performance.now() - start, error: `${turn.name}: ${(error as Error).message}` };
    }
    const ms = performance.now() - start;
    const replies = this.connector.take(this.conversationId);
    if (status !== 200) return { ms, error: `${turn.name}: HTTP ${status}` };
    if (replies.length === 0) return { ms, error: `${turn.name}: no reply` };
    if (this.checkReplies) {
      const all = replies.join("\n");
      const failure = failureTexts.find((t) => all.includes(t));
      if (failure) return { ms, error: `${turn.name}: "${failure.slice(0, 50)}…"` };
      if (!all.includes(turn.expect)) return { ms, error: `${turn.name}: reply without ${turn.expect}` };
    }
    return { ms };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Phase 2: rounds of closed-loop load.

interface RoundResult {
  latencies: number[];
  seconds: number;
  errors: number;
  warmUpErrors: number;
  errorSamples: string[];
  cpuMs: number;
  peakRssKb: number;
}

async function runRound(target: Target, connector: Connector, turns: Turn[], warmUp: number): Promise<RoundResult> {
  const checkReplies = target.spec.kind !== "echo";
  const latencies: number[] = [];
  const errorSamples = new Set<string>();
  let errors = 0;
  let warmUpErrors = 0;
  let peakRssKb = 0;
  const sampler = setInterval(() => (peakRssKb = Math.max(peakRssKb, procStatusKb(target.pid, "VmRSS"))), 250);
  const measureFrom = performance.now() + warmUp * 1000;
  const measureUntil = measureFrom + roundSeconds * 1000;
  let cpuAtStart = 0;
  const startCpu = setTimeout(() => (cpuAtStart = cpuMs(target.pid)), warmUp * 1000);
  if (warmUp === 0) cpuAtStart = cpuMs(target.pid);
  let cpuAtEnd = 0;
  const endCpu = setTimeout(() => (cpuAtEnd = cpuMs(target.pid)), warmUp * 1000 + roundSeconds * 1000);
  const loop = async () => {
    const user = new VirtualUser(target.url, connector, checkReplies);
    let next = 0;
    while (performance.now() < measureUntil) {
      const started = performance.now();
      const result = await user.turn(turns[next]);
      const measured = started >= measureFrom && performance.now() <= measureUntil;
      if (result.error) {
        if (measured) errors++;
        else warmUpErrors++;
        if (errorSamples.size < 5) errorSamples.add(result.error);
        next = 0; // start over from the menu
      } else {
        if (measured) latencies.push(result.ms);
        next = (next + 1) % turns.length;
      }
    }
  };
  await Promise.all(Array.from({ length: users }, loop));
  clearInterval(sampler);
  clearTimeout(startCpu);
  clearTimeout(endCpu);
  if (cpuAtEnd === 0) cpuAtEnd = cpuMs(target.pid);
  peakRssKb = Math.max(peakRssKb, procStatusKb(target.pid, "VmRSS"));
  return {
    latencies,
    seconds: roundSeconds,
    errors,
    warmUpErrors,
    errorSamples: [...errorSamples],
    cpuMs: cpuAtEnd - cpuAtStart,
    peakRssKb,
  };
}

interface LoadResult {
  turns: number;
  tps: number;
  roundTps: number[];
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  warmUpErrors: number;
  errorSamples: string[];
  cpuMsPerTurn: number;
  peakRssMb: number;
}

function combine(results: RoundResult[]): LoadResult {
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  const cpu = results.reduce((sum, r) => sum + r.cpuMs, 0);
  return {
    turns: latencies.length,
    tps: latencies.length / seconds,
    roundTps: results.map((r) => r.latencies.length / r.seconds),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    warmUpErrors: results.reduce((sum, r) => sum + r.warmUpErrors, 0),
    errorSamples: [...new Set(results.flatMap((r) => r.errorSamples))].slice(0, 5),
    cpuMsPerTurn: latencies.length > 0 ? cpu / latencies.length : NaN,
    peakRssMb: mb(Math.max(...results.map((r) => r.peakRssKb))),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Phase 3: many conversations, and the dialog state after many presses.

interface ConversationResult {
  done: number;
  errors: number;
  seconds: number;
  rssAfterMb: number;
  peakRssMb: number;
}

async function runConversations(target: Target, connector: Connector, menu: Turn): Promise<ConversationResult> {
  const checkReplies = target.spec.kind !== "echo";
  const begin = performance.now();
  const deadline = begin + conversationCapSeconds * 1000;
  let started = 0;
  let done = 0;
  let errors = 0;
  const worker = async () => {
    while (started < conversations && performance.now() < deadline) {
      started++;
      const result = await new VirtualUser(target.url, connector, checkReplies).turn(menu);
      if (result.error) errors++;
      else done++;
    }
  };
  await Promise.all(Array.from({ length: users }, worker));
  return {
    done,
    errors,
    seconds: (performance.now() - begin) / 1000,
    rssAfterMb: mb(procStatusKb(target.pid, "VmRSS")),
    peakRssMb: mb(procStatusKb(target.pid, "VmHWM")),
  };
}

interface PressRun {
  presses: number;
  conversationId: string;
  errors: string[];
}

async function runPresses(target: Target, connector: Connector, count: number): Promise<PressRun> {
  const user = new VirtualUser(target.url, connector, true);
  const errors: string[] = [];
  for (const turn of pressTurns(count)) {
    const result = await user.turn(turn);
    if (result.error) errors.push(result.error);
  }
  return { presses: count, conversationId: user.conversationId, errors };
}

/** Bytes of the conversation's bot_state rows (its dialog stack among them), by conversation id. */
async function stateBytes(spec: TargetSpec, conversationIds: string[]): Promise<number[]> {
  const sql = "SELECT coalesce(sum(octet_length(data::text)), 0)::int AS bytes FROM bot_state WHERE key LIKE $1";
  const patterns = conversationIds.map((id) => `%${id.replace(/[\\%_]/g, "\\$&")}%`);
  if (spec.databaseUrl) {
    const client = new Client({ connectionString: spec.databaseUrl });
    await client.connect();
    try {
      const sizes: number[] = [];
      for (const pattern of patterns) sizes.push((await client.query(sql, [pattern])).rows[0].bytes as number);
      return sizes;
    } finally {
      await client.end();
    }
  }
  if (spec.pgliteDir) {
    // Read after the target stopped: a PGlite folder is never opened by two processes at once.
    const db = await PGlite.create(spec.pgliteDir, { startParams: [...pgliteStartParams] });
    try {
      const sizes: number[] = [];
      for (const pattern of patterns) sizes.push((await db.query<{ bytes: number }>(sql, [pattern])).rows[0].bytes);
      return sizes;
    } finally {
      await db.close();
    }
  }
  return conversationIds.map(() => NaN);
}

// ---------------------------------------------------------------------------------------------------------

interface Measured {
  spec: TargetSpec;
  readySeconds?: number;
  idleRssMb?: number;
  load?: LoadResult;
  conversations?: ConversationResult;
  state?: { after5: number; afterMany: number; pressErrors: string[] };
  skipped?: string;
}

function botEnv(dataDir: string, databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    MicrosoftAppId: "",
    // The bench measures throughput, not the per-user (60/min) and per-tenant limits: all users share one tenant.
    RATE_LIMIT_USER_PER_MINUTE: "1000000",
    RATE_LIMIT_TENANT_PER_MINUTE: "1000000",
  };
}

function productionCommand(): string {
  const { flags, entry } = productionStart();
  return [...flags, entry].join(" ");
}

/** The compiled build the targets run, made fresh so the bench never measures stale code. */
async function build(): Promise<void> {
  process.stdout.write("npm run build … ");
  // Not spawnSync: a blocked event loop would time out the PostgreSQL probe test/support/postgres.ts starts on import.
  const child = spawn("npm", ["run", "build", "--silent"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`npm run build failed:\n${output}`);
  console.log("done");
}

async function targetSpecs(tmp: string, databases: TestDatabase[]): Promise<Array<TargetSpec | Measured>> {
  const specs: Array<TargetSpec | Measured> = [
    {
      name: "echo bot",
      kind: "echo",
      compiled: false,
      args: ["--import", "tsx", "bench/echo-bot.ts"],
      env: echoPacing ? { BENCH_ECHO_PACING: "1" } : {},
      ready: "/healthz",
    },
  ];
  const { flags, entry: compiledEntry } = productionStart();
  const entries: Array<{ compiled: boolean; args: string[]; suffix: string; dir: string }> = [
    { compiled: true, args: [...flags, compiledEntry], suffix: "", dir: "" },
  ];
  if (withTsx)
    entries.push({
      compiled: false,
      args: ["--import", "tsx", ...flags, "src/index.ts"],
      suffix: ", tsx",
      dir: "-tsx",
    });
  if (flagsVariant)
    entries.push({
      compiled: true,
      args: [...flagsVariant, compiledEntry],
      suffix: `, ${flagsVariant.join(" ")}`,
      dir: "-variant",
    });
  for (const entry of entries) {
    const { suffix } = entry;
    const database = await createTestDatabase().catch(() => undefined);
    if (database) {
      databases.push(database);
      const dataDir = path.join(tmp, `pg${entry.dir}`);
      specs.push({
        name: `bot, PostgreSQL${suffix}`,
        kind: "postgres",
        compiled: entry.compiled,
        args: entry.args,
        env: botEnv(dataDir, database.url),
        ready: "/readyz",
        databaseUrl: database.url,
      });
    } else {
      const spec: TargetSpec = {
        name: `bot, PostgreSQL${suffix}`,
        kind: "postgres",
        compiled: entry.compiled,
        args: [],
        env: {},
        ready: "",
      };
      specs.push({ spec, skipped: `PostgreSQL not reachable at ${POSTGRES_ADDRESS}` });
    }
    const dataDir = path.join(tmp, `pglite${entry.dir}`);
    specs.push({
      name: `bot, embedded (PGlite)${suffix}`,
      kind: "pglite",
      compiled: entry.compiled,
      args: entry.args,
      env: botEnv(dataDir, ""),
      ready: "/readyz",
      pgliteDir: path.join(dataDir, "pgdata"),
    });
  }
  return specs;
}

async function main(): Promise<void> {
  const runStart = performance.now();
  const loadBefore = os.loadavg();
  const scenarioTurns = scenario();
  const connector = new Connector();
  await connector.start();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "tsf-bench-"));
  const databases: TestDatabase[] = [];
  console.log(
    `Load benchmark${quick ? " (quick)" : ""}: ${users} conversations in a closed loop, ${rounds} round(s) of ` +
      `${roundSeconds} s per target (${warmUpSeconds} s warm-up first), then ${conversations} new conversations ` +
      `and ${presses} presses. Load average ${loadBefore[0].toFixed(2)} on ${os.cpus().length} CPUs.`,
  );
  console.log(`Scenario per conversation: ${scenarioTurns.map((t) => t.name).join(" → ")} (then again)`);
  const results: Measured[] = [];
  const running: Target[] = [];
  await build();
  try {
    const specs = await targetSpecs(tmp, databases);
    // Started together, so a slow start (PGlite's initdb) does not add to the others'.
    process.stdout.write("Starting the targets … ");
    const starting: Array<Promise<void>> = [];
    for (const entry of specs) {
      if ("skipped" in entry) {
        results.push(entry as Measured);
        continue;
      }
      const spec = entry as TargetSpec;
      const measured: Measured = { spec };
      results.push(measured);
      starting.push(
        startTarget(spec).then(
          (target) => {
            running.push(target);
            measured.readySeconds = target.readySeconds;
          },
          (error: Error) => {
            process.exitCode = 1;
            measured.skipped = `failed to start: ${error.message.split("\n")[0]}`;
            console.log(`\n${spec.name} ${measured.skipped}\n${error.message.slice(-2000)}`);
          },
        ),
      );
    }
    await Promise.all(starting);
    // The rounds go in the order of the specs: echo, PostgreSQL, PGlite, …
    running.sort((a, b) => specs.indexOf(a.spec) - specs.indexOf(b.spec));
    console.log(running.map((t) => `${t.spec.name} ${t.readySeconds.toFixed(1)} s`).join(", "));
    await sleep(1000);
    for (const target of running) {
      results.find((r) => r.spec === target.spec)!.idleRssMb = mb(procStatusKb(target.pid, "VmRSS"));
    }

    const roundResults = new Map<Target, RoundResult[]>(running.map((t) => [t, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const target of running) {
        const result = await runRound(target, connector, scenarioTurns, round === 1 ? warmUpSeconds : 0);
        roundResults.get(target)!.push(result);
        console.log(
          `round ${round}/${rounds} ${target.spec.name}: ${(result.latencies.length / result.seconds).toFixed(1)} turns/s, ` +
            `${result.errors} errors`,
        );
      }
    }

    for (const target of [...running]) {
      const measured = results.find((r) => r.spec === target.spec)!;
      measured.load = combine(roundResults.get(target)!);
      process.stdout.write(`${target.spec.name}: ${conversations} conversations`);
      const checkState = target.spec.kind !== "echo";
      const [conversationResult, few, many] = await Promise.all([
        runConversations(target, connector, scenarioTurns[0]),
        checkState ? runPresses(target, connector, 5) : undefined,
        checkState ? runPresses(target, connector, presses) : undefined,
      ]);
      measured.conversations = conversationResult;
      process.stdout.write(
        ` in ${conversationResult.seconds.toFixed(1)} s, RSS ${conversationResult.rssAfterMb.toFixed(0)} MB`,
      );
      await target.stop();
      running.splice(running.indexOf(target), 1);
      if (few && many) {
        const [after5, afterMany] = await stateBytes(target.spec, [few.conversationId, many.conversationId]);
        measured.state = { after5, afterMany, pressErrors: [...few.errors, ...many.errors].slice(0, 5) };
        process.stdout.write(`; state ${after5} B after 5 presses, ${afterMany} B after ${presses}`);
      }
      console.log("");
    }
  } finally {
    for (const target of running) await target.stop();
    for (const database of databases) await database.drop().catch(() => undefined);
    await connector.stop();
    rmSync(tmp, { recursive: true, force: true });
  }

  const loadAfter = os.loadavg();
  const totalSeconds = (performance.now() - runStart) / 1000;
  const report = renderReport(results, { loadBefore, loadAfter, totalSeconds });
  console.log(`\n${report.table}`);
  console.log(
    `\nTotal time ${totalSeconds.toFixed(0)} s. Load average ${loadBefore[0].toFixed(2)} → ${loadAfter[0].toFixed(2)}.`,
  );
  if (report.busy) console.log("Measured on a busy machine (load average above the CPU count): figures are noisy.");
  writeFileSync(path.join(__dirname, "RESULTS.md"), report.markdown);
  console.log("Figures written to bench/RESULTS.md");
}

// ---------------------------------------------------------------------------------------------------------
// Report.

function verdictOf(r: Measured, echo: LoadResult | undefined): string {
  if (r.spec.kind === "echo") return "baseline";
  const { load, conversations: c, state } = r;
  if (!load || !c) return `SKIPPED: ${r.skipped ?? ""}`;
  const target = targets[r.spec.kind];
  const misses: string[] = [];
  const tpsRatio = echo ? load.tps / echo.tps : NaN;
  const p99Ratio = echo ? load.p99 / echo.p99 : NaN;
  if (!(tpsRatio >= target.tps)) misses.push(`turns/s < ${target.tps}× echo`);
  if (!(p99Ratio <= target.p99)) misses.push(`p99 > ${target.p99}× echo`);
  const errors = load.errors + load.warmUpErrors + c.errors + (state?.pressErrors.length ?? 0);
  if (errors > 0) misses.push(`${errors} errors`);
  if (!(c.rssAfterMb <= target.rssMb)) misses.push(`RSS > ${target.rssMb} MB`);
  if (c.done < conversations) misses.push(`only ${c.done} of ${conversations} conversations in time`);
  if (!state || !(state.afterMany <= state.after5)) misses.push(`state grows with presses`);
  return misses.length === 0 ? "PASS" : `MISS: ${misses.join("; ")}`;
}

function renderReport(
  results: Measured[],
  run: { loadBefore: number[]; loadAfter: number[]; totalSeconds: number },
): { table: string; markdown: string; busy: boolean } {
  const echo = results.find((r) => r.spec.kind === "echo")?.load;
  const header = [
    "target",
    "ready s",
    "idle RSS MB",
    "turns/s",
    "× echo",
    "turns/s per round",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "p99 × echo",
    "CPU ms/turn",
    "errors",
    "peak RSS MB (load)",
    `RSS MB after ${conversations} conv. (peak)`,
    `state B after 5 / ${presses} presses`,
    "verdict",
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const r of results) {
    const { load, conversations: c, state } = r;
    if (!load || !c) {
      rows.push([r.spec.name, ...header.slice(1, -1).map(() => "–"), verdictOf(r, echo)]);
      continue;
    }
    const isEcho = r.spec.kind === "echo";
    const errors = load.errors + load.warmUpErrors + c.errors + (state?.pressErrors.length ?? 0);
    rows.push([
      r.spec.name,
      (r.readySeconds ?? NaN).toFixed(1),
      (r.idleRssMb ?? NaN).toFixed(0),
      load.tps.toFixed(1),
      isEcho ? "1.00" : echo ? (load.tps / echo.tps).toFixed(2) : "–",
      load.roundTps.map((t) => t.toFixed(0)).join(" / "),
      load.p50.toFixed(1),
      load.p95.toFixed(1),
      load.p99.toFixed(1),
      isEcho ? "1.00" : echo ? (load.p99 / echo.p99).toFixed(2) : "–",
      load.cpuMsPerTurn.toFixed(2),
      String(errors),
      load.peakRssMb.toFixed(0),
      `${c.rssAfterMb.toFixed(0)} (${c.peakRssMb.toFixed(0)})`,
      state ? `${state.after5} / ${state.afterMany}` : "–",
      verdictOf(r, echo),
    ]);
    const samples = [...load.errorSamples, ...(state?.pressErrors ?? [])];
    notes.push(
      `- ${r.spec.name}: ${load.turns} turns measured in ${rounds} × ${roundSeconds} s; errors ${load.errors} measured, ` +
        `${load.warmUpErrors} in warm-up, ${c.errors} in the conversation phase, ${state?.pressErrors.length ?? 0} ` +
        `in the presses; ${c.done} conversations opened in ${c.seconds.toFixed(1)} s` +
        (samples.length > 0 ? `; e.g. ${samples.join(" | ")}` : ""),
    );
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ");
  const table = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");

  const cpus = os.cpus().length;
  // The 1-minute load at the end counts the bench's own processes (two or more, running flat out): only
  // the load it started on says whether other work shared the machine.
  const busy = run.loadBefore[0] > cpus;
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model;
  const ceiling = users * pacingPerConversation;
  const loadavg = (l: number[]) => l.map((x) => x.toFixed(2)).join(" / ");
  const md = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const markdown = [
    "# Load benchmark results (`npm run bench`)",
    "",
    `- Date: ${new Date().toISOString()}${quick ? " — **quick smoke run (BENCH_QUICK=1)**, not the full benchmark" : ""}`,
    `- Machine: ${cpus} CPUs (nproc), ${cpuModel}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${os.platform()} ${os.release()}; Node ${process.version}`,
    `- Load average (1 / 5 / 15 min): ${loadavg(run.loadBefore)} at start, ${loadavg(run.loadAfter)} at end` +
      (busy
        ? ` — **measured on a busy machine** (load above the ${cpus} CPUs, from other work): the figures are noisy and pessimistic; regenerate them from a quiet run.`
        : ""),
    `- ${users} conversations in a closed loop, one user each; ${rounds} round(s) of ${roundSeconds} s per target, the targets ` +
      `taking turns (${results.map((r) => r.spec.name).join(", ")}, then again), ${warmUpSeconds} s warm-up before each target's first round; whole run ${run.totalSeconds.toFixed(0)} s.`,
    '- Scenario per conversation: meny → "ska jag polisanmäla" → open theme 3 (Förövarna) → Nästa … → save a reflection, ' +
      "repeated. A turn is an error if the POST is not 200, no reply reaches the connector, the reply is an error / " +
      "rate-limit / degraded notice, or it does not show the expected step (real bot only).",
    `- The bot's connector client paces messages per conversation as in production (~${pacingPerConversation.toFixed(1)}/s): ` +
      `${users} conversations can take at most ~${ceiling.toFixed(0)} turns/s` +
      (echo ? ` (${(ceiling / echo.tps).toFixed(2)}× this run's echo bot)` : "") +
      `. The echo bot ${echoPacing ? "paces its replies with the same client (BENCH_ECHO_PACING=1)" : "does not pace (teams-ai's default connector client)"}.`,
    "- Bot: NODE_ENV=test (demo licence for the tenant), LOG_LEVEL=warn, rate limits raised to 1 000 000/min (all " +
      `conversations share one tenant). Each target is its own process: the bot \`node ${productionCommand()}\` as \`npm start\` runs it after \`npm run build\`` +
      (withTsx ? ", and `node --import tsx <same flags> src/index.ts` as `npm run dev` runs it" : "") +
      (flagsVariant
        ? `, and \`node ${[...flagsVariant, productionStart().entry].join(" ")}\` (BENCH_FLAGS_VARIANT)`
        : "") +
      "; the echo bot `node --import tsx bench/echo-bot.ts`" +
      "; the PGlite target starts on an empty data folder. The fake connector and the load generator run in the bench process, on loopback.",
    "- RSS and CPU are the target process's own (/proc/<pid>/status and /stat), not the PostgreSQL server's: idle RSS 1 s " +
      "after all targets were ready; peak VmRSS under load (sampled every 250 ms); VmRSS after the conversation phase " +
      "(peak VmHWM). CPU ms/turn = user+system CPU of the process over the measured seconds / turns measured.",
    `- State: bytes of each conversation's bot_state rows (its dialog stack included) after opening theme 3 and pressing ` +
      `Nästa/Tillbaka 5 and ${presses} times, each in its own conversation, during the conversation phase.`,
    `- Targets: PostgreSQL ≥ ${targets.postgres.tps}× echo turns/s, p99 ≤ ${targets.postgres.p99}× echo p99, RSS ≤ ${targets.postgres.rssMb} MB; ` +
      `embedded ≥ ${targets.pglite.tps}× echo, p99 ≤ ${targets.pglite.p99}×, RSS ≤ ${targets.pglite.rssMb} MB; ` +
      `RSS after ${conversations} conversations; 0 errors; state after ${presses} presses ≤ after 5.`,
    "",
    md(header),
    md(header.map(() => "---")),
    ...rows.map(md),
    "",
    ...notes,
    ...compiledComparison(results),
    "",
  ].join("\n");
  return { table, markdown, busy };
}

/** With BENCH_TSX=1: what running the compiled build instead of tsx changes, per database kind. */
function compiledComparison(results: Measured[]): string[] {
  const lines: string[] = [];
  for (const kind of ["postgres", "pglite"] as const) {
    const tsx = results.find((r) => r.spec.kind === kind && !r.spec.compiled);
    const compiled = results.find((r) => r.spec.kind === kind && r.spec.compiled);
    if (!tsx?.load || !tsx.conversations || !compiled?.load || !compiled.conversations) continue;
    const delta = (a: number, b: number, digits = 0) => `${a.toFixed(digits)} → ${b.toFixed(digits)}`;
    lines.push(
      `- ${kind === "postgres" ? "PostgreSQL" : "Embedded"}, tsx → compiled: idle RSS ` +
        `${delta(tsx.idleRssMb ?? NaN, compiled.idleRssMb ?? NaN)} MB, RSS after ${conversations} conversations ` +
        `${delta(tsx.conversations.rssAfterMb, compiled.conversations.rssAfterMb)} MB, CPU per turn ` +
        `${delta(tsx.load.cpuMsPerTurn, compiled.load.cpuMsPerTurn, 2)} ms, turns/s ${delta(tsx.load.tps, compiled.load.tps, 1)}.`,
    );
  }
  return lines.length > 0 ? ["", "## tsx (`npm run dev`) against the compiled build (`npm start`)", "", ...lines] : [];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exitCode = 1;
});
