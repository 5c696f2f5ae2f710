/**
 * The turn policy, as a specification: the order src/teams/pipeline/turn-pipeline.ts declares, and what
 * that order guarantees for one activity. The steps run with in-memory stand-ins for the database, the
 * dedup table and the rate limits (test/reliability covers them for real); the emergency help, the
 * content and the Bot Framework turn are the real ones.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ActivityTypes, type Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import type { Access } from "../../src/domain/licensing/access";
import type { LicenceGate } from "../../src/domain/licensing/licence-gate";
import { DialogRunner } from "../../dialogs/dialog-runner";
import { botRoutes } from "../../src/app";
import { EmergencyResponder } from "../../src/features/quick-help/emergency-responder";
import type { ActivityDeduplicator } from "../../src/platform/reliability/activity-dedup";
import type { RateLimits } from "../../src/platform/reliability/rate-limits";
import type { BotServices } from "../../src/teams/bot-services";
import { newPipelineStats } from "../../src/teams/pipeline/pipeline-stats";
import { beforeRouteSteps, turnPipeline } from "../../src/teams/pipeline/turn-pipeline";
import { beforeRouting, runSteps } from "../../src/teams/pipeline/turn-step";
import { languageOf } from "../../src/teams/turn-facts";
import { RecordingAdapter } from "../support/recording-adapter";

const root = path.resolve(__dirname, "../..");
const content = loadContent();
const sv = content.ui("sv");
const ui = (context: Parameters<typeof languageOf>[0]) => content.ui(languageOf(context));

describe("the pipeline file reads top to bottom as the turn policy", () => {
  const source = readFileSync(path.join(root, "src/teams/pipeline/turn-pipeline.ts"), "utf8");
  const stepsIn = (functionName: string) => {
    const body = source.slice(source.indexOf(`export function ${functionName}`));
    const list = body.slice(body.indexOf("return ["), body.indexOf("];"));
    return [
      ...list.matchAll(
        /^\s{4}(?:([a-zA-Z]+)\(|parts\.([a-zA-Z]+),|async \(context\) => void \(await parts\.(app)\.run)/gm,
      ),
    ].map((match) => match[1] ?? match[2] ?? "routing");
  };

  it("lists the steps around the Teams application in the policy's order", () => {
    expect(stepsIn("turnPipeline")).toEqual([
      "emergencyHelp",
      "degradedMode",
      "conversationLock",
      "conflictRetry",
      "heldReplies",
      "oneTransaction",
      "deduplication",
      "rateLimit",
      "routing",
    ]);
  });

  it("lists the steps inside the application, before any route, in the policy's order", () => {
    expect(stepsIn("beforeRouteSteps")).toEqual([
      "chosenLanguage",
      "chosenRoute",
      "namedUser",
      "groupConversations",
      "licenceGate",
      "activityBookkeeping",
      "conversationFocus",
    ]);
  });

  it("keeps each step in its own file in src/teams/pipeline", () => {
    const files = readdirSync(path.join(root, "src/teams/pipeline"));
    for (const step of [...stepsIn("turnPipeline"), ...stepsIn("beforeRouteSteps")].filter(
      (step) => !["routing", "conversationFocus"].includes(step),
    )) {
      const file = step.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`) + ".ts";
      expect(files).toContain(file);
    }
  });

  it("is the only beforeTurn or afterTurn hook: no behaviour depends on the order routes are registered in", () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(full);
        return entry.name.endsWith(".ts") ? [full] : [];
      });
    const hooks = [...sources(path.join(root, "src")), ...sources(path.join(root, "dialogs"))].flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/\.turn\(\s*["'](beforeTurn|afterTurn)["']/g)].map(
        (match) => `${path.relative(root, file)} ${match[1]}`,
      ),
    );
    expect(hooks).toEqual(["src/app.ts beforeTurn"]);
  });
});

interface World {
  databasePrepared?: boolean;
  duplicate?: boolean;
  overRateLimit?: boolean;
  conflictsFirst?: boolean;
}

function pipelineIn(world: World) {
  const events: string[] = [];
  const adapter = new RecordingAdapter();
  const stats = newPipelineStats();
  const gate = { accessFor: async () => ({ kind: "granted" }) } as unknown as LicenceGate;
  const responder = new EmergencyResponder(content, gate);
  let conflicts = world.conflictsFirst ? 1 : 0;
  const steps = turnPipeline({
    emergency: async (context) => {
      const answered = await responder.tryRespond(context);
      if (answered) events.push("emergency help");
      return answered;
    },
    databasePrepared: () => world.databasePrepared ?? true,
    databaseAnswers: async () => world.databasePrepared ?? true,
    transaction: async (work) => {
      events.push("BEGIN");
      const result = await work();
      events.push(`COMMIT (${adapter.log.length} replies out)`);
      return { result, afterCommit: async () => void events.push("after commit") };
    },
    dedup: {
      claim: async () => (events.push("claim"), world.duplicate ? { kind: "done" } : { kind: "new" }),
      finish: async () => void events.push("finish"),
      markFailed: async () => void events.push("marked failed"),
      pruneNowAndThen: async () => undefined,
    } as unknown as ActivityDeduplicator,
    rateLimits: {
      take: async () => (
        events.push("rate limit counted"),
        world.overRateLimit ? { allowed: false, scope: "user", retryAfterMs: 1000 } : { allowed: true }
      ),
    } as unknown as RateLimits,
    ui,
    stats,
    app: {
      run: async (context) => {
        events.push("app.run");
        await context.sendActivity("answer");
        if (conflicts-- > 0) throw new Error("eTag conflict");
      },
    },
  });
  const run = async (activity: Partial<Activity>) => {
    await runSteps(steps, adapter.contextFor(activity));
    return { events, replies: adapter.log, sent: adapter.sent, stats };
  };
  return { run };
}

const text = (said: string): Partial<Activity> => ({ type: ActivityTypes.Message, text: said });
const cardJson = (sent: Partial<Activity>[]) => JSON.stringify(sent.map((activity) => activity.attachments));

describe("what the order guarantees for one activity", () => {
  it("answers akut with the database down, before anything that needs the database", async () => {
    const { events, sent } = await pipelineIn({ databasePrepared: false }).run(text("akut"));
    expect(events).toEqual(["emergency help"]);
    expect(cardJson(sent)).toContain(JSON.stringify(content.emergency("sv").askTitle).slice(1, -1));
  });

  it("tells any other message the database is unavailable, before a claim, a rate limit or a route", async () => {
    const { events, sent, stats } = await pipelineIn({ databasePrepared: false }).run(text("hej"));
    expect(events).toEqual([]);
    expect(cardJson(sent)).toContain(sv.reliability.temporarilyUnavailable);
    expect(stats.unavailableAnswers).toBe(1);
  });

  it.each([
    {
      case: "a first delivery runs in one transaction: claim, rate limit, the application, finish, then the reply",
      world: {},
      events: ["BEGIN", "claim", "rate limit counted", "app.run", "finish", "COMMIT (0 replies out)", "after commit"],
      replies: 1,
    },
    {
      case: "a duplicate is acknowledged before the rate limit counts it or any route runs",
      world: { duplicate: true },
      events: ["BEGIN", "claim", "COMMIT (0 replies out)", "after commit"],
      replies: 0,
    },
    {
      case: "a message over the rate limit is told so before the application loads any state; its claim is finished",
      world: { overRateLimit: true },
      events: ["BEGIN", "claim", "rate limit counted", "finish", "COMMIT (0 replies out)", "after commit"],
      replies: 1,
    },
    {
      case: "an eTag conflict runs the turn again, counts the rate limit once and replies once",
      world: { conflictsFirst: true },
      events: [
        "BEGIN",
        "claim",
        "rate limit counted",
        "app.run",
        "BEGIN",
        "claim",
        "app.run",
        "finish",
        "COMMIT (0 replies out)",
        "after commit",
      ],
      replies: 1,
    },
  ])("$case", async ({ world, events: expected, replies: count }) => {
    const { events, replies } = await pipelineIn(world).run(text("hej"));
    expect(events).toEqual(expected);
    expect(replies).toHaveLength(count);
  });

  it("answers a redelivered invoke with the response stored for it, not a new one", async () => {
    const { replies, events } = await pipelineIn({ duplicate: true }).run({
      type: ActivityTypes.Invoke,
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb: "submitOrder" } },
    });
    expect(events).not.toContain("app.run");
    expect(replies).toEqual(["invokeResponse"]);
  });
});

describe("inside the application, before any route runs", () => {
  const noLicence: Access = { kind: "noLicence", problem: "unlicensed" };
  const granted = { kind: "granted" } as unknown as Access;

  function stepsFor(access: Access) {
    const events: string[] = [];
    const services = {
      content,
      licensing: {
        gate: { accessFor: async () => (events.push("access checked"), access) },
        orders: { pendingFor: async () => undefined },
      },
      incidents: { references: { remember: async () => void events.push("conversation reference kept") } },
      privacy: { activity: { touch: async () => void events.push("day's use recorded") } },
    } as unknown as BotServices;
    const before = beforeRouting(
      beforeRouteSteps<{ user: { language?: "sv" | "en" } }>({
        services,
        // The bot's own declarations: which routes are open is theirs to say, not this test's.
        routes: botRoutes(services, new DialogRunner(services)),
        ui,
        conversationFocus: async () => (events.push("documentation focus"), true),
      }),
    );
    const adapter = new RecordingAdapter();
    return {
      run: async (activity: Partial<Activity>, language?: "sv" | "en") => {
        const routes = await before(adapter.contextFor(activity), { user: { language } });
        return { routes, events, sent: adapter.sent };
      },
    };
  }

  const bookkeeping = ["conversation reference kept", "day's use recorded", "documentation focus"];
  it.each([
    {
      case: "an unlicensed message is refused before bookkeeping or any route",
      access: noLicence,
      activity: text("meny"),
      routes: false,
      events: ["access checked"],
    },
    {
      case: "an unlicensed message to a route declared open (mina data) goes on to the route",
      access: noLicence,
      activity: text("mina data"),
      routes: true,
      events: ["access checked", ...bookkeeping],
    },
    {
      case: "a licensed message goes on to the route, with its bookkeeping done",
      access: granted,
      activity: text("meny"),
      routes: true,
      events: ["access checked", ...bookkeeping],
    },
    {
      case: "the erase confirmation records no fresh day of use behind the data it erases",
      access: granted,
      activity: { type: ActivityTypes.Message, value: { verb: "privacyEraseConfirm" } },
      routes: true,
      events: ["access checked", "conversation reference kept", "documentation focus"],
    },
    {
      case: "an activity that names no user is answered before the licence is even asked",
      access: granted,
      activity: { ...text("meny"), from: { id: "", name: "" } },
      routes: false,
      events: [],
    },
  ])("$case", async ({ access, activity, routes, events: expected }) => {
    const result = await stepsFor(access).run(activity);
    expect(result.routes).toBe(routes);
    expect(result.events).toEqual(expected);
    if (!routes) expect(result.sent).toHaveLength(1);
  });

  it("refuses in the language the user chose, not the client's locale", async () => {
    const { sent } = await stepsFor(noLicence).run(text("menu"), "en");
    const json = (value: string) => JSON.stringify(value).slice(1, -1);
    expect(cardJson(sent)).toContain(json(content.ui("en").access.noLicenceTitle));
    expect(cardJson(sent)).not.toContain(json(sv.access.noLicenceTitle));
  });
});
