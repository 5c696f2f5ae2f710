import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { useBotUnderTest } from "../support/test-bot";
import { cardText } from "../support/test-user";

/**
 * Thousands of generated activities and card submits, well-formed, half-formed and hostile, thrown at the
 * real bot over HTTP while an ordinary official walks a theme. The bot must never answer 5xx, never leak a
 * stack trace, stay up, and the official's conversation must go exactly as it would alone.
 */
const content = loadContent();
const ui = content.ui("sv");
const theme1Steps = content.themes("sv")[0].steps.length;
const leak = /\bat .*\.(js|ts)\b|node_modules|SyntaxError|ZodError|TypeError/;
const BATCHES = 60;
const PER_BATCH = 20; // 1 200 activities, about 20 seconds on PGlite

const harness = useBotUnderTest("pglite");

const knownVerbs = [
  "showMenu",
  "showHelp",
  "showMyReflections",
  "downloadMyReflections",
  "showAdmin",
  "openOrderForm",
  "openTheme",
  "moveStep",
  "reflectionChoice",
  "openArticle",
  "runCommand",
  "emergencyAnswer",
  "submitOrder",
  "adminSetMode",
  "adminGrant",
  "adminRevoke",
  "adminAddOfficer",
  "adminRemoveOfficer",
  "adminSaveContact",
];
const words = ["meny", "hjälp", "fortsätt", "akut", "beställ", "admin", "dokumentera", "mina reflektioner", "english"];
const hostileText = fc.oneof(
  fc.constantFrom(...words),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom(
    "[x](https://evil.example)",
    "<at>Bot</at>",
    "{{DATE(2017-02-14T06:08:39Z)}}",
    "\u202Ehej",
    "😡".repeat(500),
  ),
);
const anyValue = fc.anything({ maxDepth: 3, maxKeys: 5, withNullPrototype: false });
const id = fc.oneof(fc.constantFrom("forovarna", "trappan", "steg-1", "x"), fc.string({ maxLength: 120 }), anyValue);

/** Card submit data: a known or unknown verb with plausible, wrong or hostile fields. */
const submitData = fc.record(
  {
    verb: fc.oneof(fc.constantFrom(...knownVerbs), fc.string({ maxLength: 20 }), anyValue),
    themeId: id,
    stepId: id,
    articleId: id,
    move: fc.oneof(fc.constantFrom("next", "back"), anyValue),
    choice: fc.oneof(fc.constantFrom("save", "skip"), anyValue),
    reflectionAnswer: fc.oneof(hostileText, anyValue),
    command: fc.oneof(fc.constantFrom("resume", "document", "menu", "emergency"), anyValue),
    emails: fc.oneof(fc.constant("a@b.se, c@d.se"), hostileText),
    accessMode: fc.oneof(fc.constantFrom("granted", "everyone"), anyValue),
    membershipId: id,
    inDanger: fc.oneof(fc.boolean(), anyValue),
    language: fc.oneof(fc.constantFrom("sv", "en"), anyValue),
  },
  { requiredKeys: [] },
);

const tenant = fc.oneof(
  fc.constant("00000000-0000-0000-0000-0000000000001"), // licensed (the demo tenant)
  fc.constant("11111111-1111-1111-1111-111111111111"), // unlicensed
  fc.string({ maxLength: 40 }),
);
const account = fc.record(
  {
    id: fc.oneof(fc.constant("29:fuzz-user"), fc.string({ maxLength: 40 })),
    aadObjectId: fc.string({ maxLength: 40 }),
    name: fc.string({ maxLength: 40 }),
  },
  { requiredKeys: [] },
);

/** An activity: a type, maybe an invoke name, text or a submit, and ids that may be missing or odd. */
const activityFields = fc.record(
  {
    type: fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom(
          "message",
          "invoke",
          "conversationUpdate",
          "installationUpdate",
          "event",
          "typing",
          "messageReaction",
        ),
      },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
    ),
    name: fc.oneof(
      fc.constantFrom(
        "adaptiveCard/action",
        "composeExtension/query",
        "composeExtension/fetchTask",
        "task/fetch",
        "signin/verifyState",
      ),
      fc.string({ maxLength: 30 }),
    ),
    action: fc.constantFrom("add", "remove", "add-upgrade", "x"),
    text: hostileText,
    value: fc.oneof(
      submitData,
      fc.record({
        action: fc.record(
          {
            type: fc.constant("Action.Execute"),
            verb: fc.oneof(fc.constantFrom(...knownVerbs), fc.string()),
            data: submitData,
          },
          { requiredKeys: [] },
        ),
      }),
      fc.record({
        commandId: fc.constantFrom("searchHelp", "x"),
        parameters: fc.array(fc.record({ name: fc.constant("query"), value: fc.oneof(hostileText, anyValue) }), {
          maxLength: 2,
        }),
      }),
      anyValue,
    ),
    from: account,
    membersAdded: fc.array(account, { maxLength: 3 }),
    locale: fc.oneof(fc.constantFrom("sv-SE", "en-US", "xx", ""), fc.string({ maxLength: 20 })),
    timestamp: fc.oneof(fc.constant(new Date().toISOString()), fc.string({ maxLength: 30 })),
    tenant,
    hasConversation: fc.boolean(),
    hasChannelTenant: fc.boolean(),
  },
  { requiredKeys: ["type", "tenant", "hasConversation", "hasChannelTenant"] },
);

type Fields = typeof activityFields extends fc.Arbitrary<infer T> ? T : never;

function toActivity(fields: Fields, serviceUrl: string, n: number): Record<string, unknown> {
  const { tenant: tenantId, hasConversation, hasChannelTenant, ...rest } = fields;
  return {
    id: `fuzz-${n}`,
    channelId: "msteams",
    serviceUrl,
    recipient: { id: "28:bot", name: "Bot" },
    ...(hasConversation ? { conversation: { id: `a:fuzz-${n % 50}`, conversationType: "personal", tenantId } } : {}),
    ...(hasChannelTenant ? { channelData: { tenant: { id: tenantId } } } : {}),
    ...rest,
  };
}

/** Now and then not an activity at all: any JSON, or a broken body. */
const rawBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 50 }).map((s) => `{"type":"message","text":${JSON.stringify(s)}`),
);

async function post(body: string): Promise<number> {
  const response = await fetch(`${harness.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  if (leak.test(text)) throw new Error(`response leaks internals: ${text.slice(0, 300)}`);
  return response.status;
}

/** The ordinary official: install, open a theme, step through it, save a reflection, come back with fortsätt. */
async function ordinaryConversation(): Promise<string[]> {
  const user = harness.newUser();
  const seen: string[] = [];
  await user.install();
  await user.press("Öppna tema 1");
  for (let i = 0; i < 4; i++) await user.press(ui.step.next);
  await user.press(ui.reflection.save, { reflectionAnswer: "Mitt svar" });
  seen.push(cardText(user.lastCard()));
  await user.say("meny");
  await user.say("fortsätt");
  seen.push(cardText(user.lastCard()));
  await user.say("mina reflektioner");
  seen.push(cardText(user.lastCard()));
  return seen;
}

describe("generated activities and card submits", () => {
  it(`never get a 5xx or a stack trace, and an ordinary conversation alongside is unaffected (${BATCHES * PER_BATCH} activities)`, async () => {
    const statuses = new Map<number, number>();
    let n = 0;
    const fuzzing = fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            { weight: 9, arbitrary: activityFields.map((f) => ({ f })) },
            { weight: 1, arbitrary: rawBody.map((raw) => ({ raw })) },
          ),
          {
            minLength: PER_BATCH,
            maxLength: PER_BATCH,
          },
        ),
        async (batch) => {
          const results = await Promise.all(
            batch.map((item) =>
              post("raw" in item ? item.raw : JSON.stringify(toActivity(item.f, harness.connector.url, n++))),
            ),
          );
          for (const status of results) statuses.set(status, (statuses.get(status) ?? 0) + 1);
          expect(results.filter((status) => status >= 500)).toEqual([]);
        },
      ),
      { numRuns: BATCHES, endOnFailure: true },
    );
    const [conversation] = await Promise.all([ordinaryConversation(), fuzzing]);

    expect(conversation[0]).toContain(ui.reflection.saved);
    expect(conversation[1]).toContain(`steg 6 av ${theme1Steps}`);
    expect(conversation[2]).toContain("Mitt svar");
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect(statuses.get(200)).toBeGreaterThan(BATCHES * PER_BATCH * 0.3);
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${harness.url}/readyz`)).status).toBe(200);
  });
});
