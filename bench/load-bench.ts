/**
 * `npm run bench`: closed-loop load on the bot, on PostgreSQL and on the embedded database (PGlite), and
 * on a baseline echo bot (bench/echo-bot.ts, same botbuilder / teams-ai / Express). Each target runs as its
 * own process; its replies go to an in-process fake Bot Connector that answers 200 at once.
 *
 * Per target: N virtual users (BENCH_USERS, default 20), each in its own personal chat on the licensed demo
 * tenant, loop through realistic turns (meny → a search question → open theme 3 → Nästa … → save a
 * reflection) for BENCH_SECONDS (default 10 s) after a 3 s warm-up. Then a second phase opens
 * BENCH_CONVERSATIONS (default 1 000) new conversations (each says "meny" once) and reads the RSS.
 * Prints turns/s, p50/p95/p99, errors, peak RSS, the ratios to the echo bot, PASS/MISS per target,
 * and writes the figures to bench/RESULTS.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { freePort } from "../test/support/bot-process";
import { createTestDatabase, POSTGRES_ADDRESS, type TestDatabase } from "../test/support/postgres";

const repoRoot = path.resolve(__dirname, "..");
const users = Number(process.env.BENCH_USERS ?? 20);
const measureSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmUpSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 1000);
/** The 1 000-conversation phase stops here at the latest, so the whole run stays under 3 minutes. */
const conversationPhaseCapSeconds = Number(process.env.BENCH_CONVERSATION_CAP_SECONDS ?? 40);
const tenantId = "00000000-0000-0000-0000-0000000000001";
const targets = { postgresTps: 0.5, postgresP99: 2, embeddedTps: 0.3, rssMb: 300 };

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

function scenario(): Turn[] {
  const theme = parse(readFileSync(path.join(repoRoot, "content/sv/tema-3-forovarna.yaml"), "utf8")) as {
    id: string;
    steps: Array<{ id: string; type: string }>;
  };
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

// ---------------------------------------------------------------------------------------------------------
// A target process.

interface Target {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

async function startTarget(name: string, script: string, env: Record<string, string>, ready: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), ...env },
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
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited during start:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready within 90 s:\n${output}`);
    }
    const ok = await fetch(`${url}${ready}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(200);
  }
  return { name, url, child, output: () => output, stop } satisfies Target;
}

// ---------------------------------------------------------------------------------------------------------
// Memory of the target process, from /proc.

function procStatusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

class RssSampler {
  peakKb = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 250);
  }
  sample(): void {
    this.peakKb = Math.max(this.peakKb, procStatusKb(this.pid, "VmRSS"));
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peakKb;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Virtual users.

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

interface LoadResult {
  turns: number;
  seconds: number;
  tps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  warmUpErrors: number;
  errorSamples: string[];
  peakRssMb: number;
  /** RSS right after the target became ready, before any load. */
  idleRssMb: number;
}

interface ConversationResult {
  done: number;
  errors: number;
  seconds: number;
  rssAfterMb: number;
  peakRssMb: number;
}

async function runLoad(target: Target, connector: Connector, turns: Turn[], checkReplies: boolean) {
  const idleRssMb = procStatusKb(target.child.pid!, "VmRSS") / 1024;
  const sampler = new RssSampler(target.child.pid!);
  const latencies: number[] = [];
  const errorSamples = new Set<string>();
  let errors = 0;
  let warmUpErrors = 0;
  const begin = performance.now();
  const measureFrom = begin + warmUpSeconds * 1000;
  const measureUntil = measureFrom + measureSeconds * 1000;
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
  const peakRssKb = sampler.stop();
  latencies.sort((a, b) => a - b);
  return {
    turns: latencies.length,
    seconds: measureSeconds,
    tps: latencies.length / measureSeconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
    warmUpErrors,
    errorSamples: [...errorSamples],
    peakRssMb: peakRssKb / 1024,
    idleRssMb,
  } satisfies LoadResult;
}

async function runConversations(target: Target, connector: Connector, menu: Turn, checkReplies: boolean) {
  const pid = target.child.pid!;
  const begin = performance.now();
  const deadline = begin + conversationPhaseCapSeconds * 1000;
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
    rssAfterMb: procStatusKb(pid, "VmRSS") / 1024,
    peakRssMb: procStatusKb(pid, "VmHWM") / 1024,
  } satisfies ConversationResult;
}

// ---------------------------------------------------------------------------------------------------------

interface Measured {
  name: string;
  load?: LoadResult;
  conversations?: ConversationResult;
  skipped?: string;
}

async function measure(
  name: string,
  start: () => Promise<Target>,
  connector: Connector,
  turns: Turn[],
  checkReplies: boolean,
): Promise<Measured> {
  const t0 = performance.now();
  process.stdout.write(`\n${name}: starting … `);
  let target: Target;
  try {
    target = await start();
  } catch (error) {
    process.exitCode = 1;
    const message = (error as Error).message;
    console.log(`failed:\n${message.slice(-2000)}`);
    return { name, skipped: `failed to start: ${message.split("\n")[0]}` };
  }
  try {
    process.stdout.write(`ready in ${((performance.now() - t0) / 1000).toFixed(1)} s; load … `);
    const load = await runLoad(target, connector, turns, checkReplies);
    process.stdout.write(`${load.tps.toFixed(1)} turns/s; ${conversations} conversations … `);
    const convs = await runConversations(target, connector, turns[0], checkReplies);
    process.stdout.write(`${convs.done} in ${convs.seconds.toFixed(1)} s\n`);
    if (load.errorSamples.length > 0) console.log(`  errors, e.g.: ${load.errorSamples.join(" | ")}`);
    return { name, load, conversations: convs };
  } finally {
    await target.stop();
  }
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

async function main(): Promise<void> {
  const runStart = performance.now();
  const loadBefore = os.loadavg()[0];
  const turns = scenario();
  const connector = new Connector();
  await connector.start();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "tsf-bench-"));
  const results: Measured[] = [];
  console.log(
    `Load benchmark: ${users} users, ${warmUpSeconds} s warm-up + ${measureSeconds} s per target, ` +
      `then ${conversations} new conversations (at most ${conversationPhaseCapSeconds} s). ` +
      `Load average ${loadBefore.toFixed(2)} on ${os.cpus().length} CPUs.`,
  );
  console.log(`Scenario per user: ${turns.map((t) => t.name).join(" → ")} (then again)`);
  let database: TestDatabase | undefined;
  try {
    results.push(
      await measure(
        "echo bot",
        () => startTarget("echo bot", "bench/echo-bot.ts", {}, "/healthz"),
        connector,
        turns,
        false,
      ),
    );

    try {
      database = await createTestDatabase();
    } catch (error) {
      database = undefined;
      console.log(`PostgreSQL: ${(error as Error).message}`);
    }
    if (database) {
      const url = database.url;
      results.push(
        await measure(
          "bot, PostgreSQL",
          () => startTarget("bot (PostgreSQL)", "src/index.ts", botEnv(path.join(tmp, "pg"), url), "/readyz"),
          connector,
          turns,
          true,
        ),
      );
    } else {
      const reason = `PostgreSQL not reachable at ${POSTGRES_ADDRESS}`;
      console.log(`\nbot, PostgreSQL: skipped (${reason})`);
      results.push({ name: "bot, PostgreSQL", skipped: reason });
    }

    results.push(
      await measure(
        "bot, embedded (PGlite)",
        () => startTarget("bot (PGlite)", "src/index.ts", botEnv(path.join(tmp, "pglite"), ""), "/readyz"),
        connector,
        turns,
        true,
      ),
    );
  } finally {
    await database?.drop().catch(() => undefined);
    await connector.stop();
    rmSync(tmp, { recursive: true, force: true });
  }

  const loadAfter = os.loadavg()[0];
  const totalSeconds = (performance.now() - runStart) / 1000;
  const report = renderReport(results, { loadBefore, loadAfter, totalSeconds });
  console.log(`\n${report.table}`);
  console.log(
    `\nTotal time ${totalSeconds.toFixed(0)} s. Load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}.`,
  );
  if (report.busy) console.log("Measured under load from concurrent test runs (load average above 2).");
  writeFileSync(path.join(__dirname, "RESULTS.md"), report.markdown);
  console.log("Figures written to bench/RESULTS.md");
}

// ---------------------------------------------------------------------------------------------------------
// Report.

function renderReport(
  results: Measured[],
  run: { loadBefore: number; loadAfter: number; totalSeconds: number },
): { table: string; markdown: string; busy: boolean } {
  const echo = results.find((r) => r.name === "echo bot")?.load;
  const header = [
    "target",
    "turns/s",
    "× echo",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "p99 × echo",
    "errors",
    "idle RSS MB",
    "peak RSS MB (load)",
    `RSS MB after ${conversations} conv.`,
    "verdict",
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const r of results) {
    if (!r.load || !r.conversations) {
      rows.push([r.name, "–", "–", "–", "–", "–", "–", "–", "–", "–", "–", `SKIPPED: ${r.skipped ?? ""}`]);
      continue;
    }
    const { load, conversations: c } = r;
    const tpsRatio = echo ? load.tps / echo.tps : NaN;
    const p99Ratio = echo ? load.p99 / echo.p99 : NaN;
    const errors = load.errors + load.warmUpErrors + c.errors;
    const rss = Math.max(load.peakRssMb, c.peakRssMb);
    const misses: string[] = [];
    if (r.name === "bot, PostgreSQL") {
      if (!(tpsRatio >= targets.postgresTps)) misses.push(`turns/s < ${targets.postgresTps}× echo`);
      if (!(p99Ratio <= targets.postgresP99)) misses.push(`p99 > ${targets.postgresP99}× echo`);
    }
    if (r.name.startsWith("bot, embedded") && !(tpsRatio >= targets.embeddedTps))
      misses.push(`turns/s < ${targets.embeddedTps}× echo`);
    if (r.name !== "echo bot") {
      if (errors > 0) misses.push(`${errors} errors`);
      if (!(rss < targets.rssMb)) misses.push(`RSS ≥ ${targets.rssMb} MB`);
      if (c.done < conversations) misses.push(`only ${c.done} of ${conversations} conversations in time`);
    }
    const verdict = r.name === "echo bot" ? "baseline" : misses.length === 0 ? "PASS" : `MISS: ${misses.join("; ")}`;
    rows.push([
      r.name,
      load.tps.toFixed(1),
      r.name === "echo bot" ? "1.00" : tpsRatio.toFixed(2),
      load.p50.toFixed(1),
      load.p95.toFixed(1),
      load.p99.toFixed(1),
      r.name === "echo bot" ? "1.00" : p99Ratio.toFixed(2),
      String(errors),
      load.idleRssMb.toFixed(0),
      load.peakRssMb.toFixed(0),
      `${c.rssAfterMb.toFixed(0)} (peak ${c.peakRssMb.toFixed(0)})`,
      verdict,
    ]);
    notes.push(
      `- ${r.name}: ${load.turns} turns measured in ${load.seconds} s; errors ${load.errors} measured, ` +
        `${load.warmUpErrors} in warm-up, ${c.errors} in the conversation phase; ` +
        `${c.done} conversations opened in ${c.seconds.toFixed(1)} s` +
        (load.errorSamples.length > 0 ? `; e.g. ${load.errorSamples.join(" | ")}` : ""),
    );
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ");
  const table = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");

  const busy = Math.max(run.loadBefore, run.loadAfter) > 2;
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model;
  const md = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const markdown = [
    "# Load benchmark results (`npm run bench`)",
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${os.cpus().length} CPUs (nproc), ${cpuModel}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}`,
    `- Load average (1 min) ${run.loadBefore.toFixed(2)} at start, ${run.loadAfter.toFixed(2)} at end` +
      (busy ? " — **measured under load from concurrent test runs**; the figures are pessimistic and noisy." : ""),
    `- ${users} concurrent users, closed loop, ${warmUpSeconds} s warm-up + ${measureSeconds} s measured per target; ` +
      `then ${conversations} new conversations (each says "meny" once, ${users} at a time); whole run ${run.totalSeconds.toFixed(0)} s`,
    '- Scenario per user: meny → "ska jag polisanmäla" → open theme 3 (Förövarna) → Nästa × 4 → save a reflection, ' +
      "repeated. A turn counts as an error if the POST is not 200, no reply reaches the connector, the reply is an " +
      "error / rate-limit / degraded notice, or it does not show the expected step (real bot only).",
    "- Bot runs with NODE_ENV=test (demo licence for the tenant), LOG_LEVEL=warn, rate limits raised to 1 000 000/min " +
      "(all users share one tenant; the default 60/user/min would refuse most of the load).",
    "- Every target runs as its own process, `node --import tsx <entry>` as `npm start` does; RSS is the target " +
      "process's own (/proc/<pid>/status: VmRSS sampled every 250 ms under load; after the conversation phase VmRSS, " +
      "peak VmHWM), not the PostgreSQL server's. The fake connector and the load generator run in the bench process.",
    "- Targets: PostgreSQL ≥ 0.5× echo turns/s and p99 ≤ 2× echo p99; embedded ≥ 0.3× echo turns/s; no errors; " +
      "RSS < 300 MB with 1 000 distinct conversations.",
    "",
    md(header),
    md(header.map(() => "---")),
    ...rows.map(md),
    "",
    ...notes,
    "",
  ].join("\n");
  return { table, markdown, busy };
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
