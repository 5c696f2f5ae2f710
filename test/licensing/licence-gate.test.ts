import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { playgroundTenantId } from "../../src/domain/licensing/demo-licence";
import { createLicensing } from "../../src/domain/licensing/licensing";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { cardText, type Card, type TestUser } from "../support/test-user";

const sv = loadContent().ui("sv");
const tenants = {
  licensed: playgroundTenantId,
  unlicensed: "11111111-1111-1111-1111-111111111111",
  expired: "22222222-2222-2222-2222-222222222222",
  revoked: "33333333-3333-3333-3333-333333333333",
};

let harness: BotUnderTest;
beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
  const { licences } = harness.bot.services.licensing;
  await licences.grant(
    { tenantId: tenants.expired, orgName: "Utgångna kommun", orgNumber: "212000-1355", kind: "kommun" },
    "test",
  );
  await harness.bot.database.prisma.licence.updateMany({
    where: { organisation: { orgNumber: "212000-1355" } },
    data: { validUntil: new Date(Date.now() - 86_400_000) },
  });
  await licences.grant(
    { tenantId: tenants.revoked, orgName: "Indragna regionen", orgNumber: "232100-0016", kind: "region" },
    "test",
  );
  await licences.revoke(tenants.revoked, "test");
  harness.bot.services.licensing.gate.invalidate();
});
afterAll(() => harness?.stop());

type EntryPoint = (user: TestUser) => Promise<string>;
const composeQuery = { commandId: "searchHelp", parameters: [{ name: "query", value: "polis" }] };

/** Each way into the bot, returning the text of whatever card came back. */
const entryPoints: Record<string, EntryPoint> = {
  message: async (user) => (await user.say("meny"), cardText(user.lastCard())),
  "card submit": async (user) => (
    await user.submit({ verb: "openTheme", themeId: "forovarna" }),
    cardText(user.lastCard())
  ),
  "adaptiveCard/action invoke": async (user) => cardText(await user.execute("adminGrant", { emails: "a@b.se" })),
  "message-extension query": async (user) => {
    const { status, body } = await user.invoke("composeExtension/query", composeQuery);
    expect(status).toBe(200);
    const attachments = (body as { composeExtension: { attachments: Array<{ content: Card }> } }).composeExtension
      .attachments;
    return attachments.map((a) => (a.content.body ? cardText(a.content) : JSON.stringify(a.content))).join("\n");
  },
};

const denied: Array<[string, Record<string, unknown>]> = [
  ["unlicensed", { tenantId: tenants.unlicensed }],
  ["expired", { tenantId: tenants.expired }],
  ["revoked", { tenantId: tenants.revoked }],
];

describe("the licence gate", () => {
  const cases = Object.keys(entryPoints).flatMap((entry) =>
    denied.map(([state, options]) => ({ entry, state, options })),
  );

  it.each(cases)(
    "gives a $state workspace no material through a $entry, only the no-licence card",
    async ({ entry, state, options }) => {
      const user = harness.newUser(options);
      const text = await entryPoints[entry](user);
      expect(text).toContain(sv.access.noLicenceTitle);
      expect(text).toContain(sv.access[state as "unlicensed" | "expired" | "revoked"]);
      expect(text).not.toContain(sv.menu.intro);
    },
  );

  it.each(Object.keys(entryPoints))("treats an activity without a tenant as unlicensed through a %s", async (entry) => {
    const user = harness.newUser();
    const withoutTenant = Object.assign(Object.create(Object.getPrototypeOf(user)), user) as TestUser;
    withoutTenant.activity = (fields) => {
      const activity = user.activity(fields) as { conversation: Record<string, unknown>; channelData?: unknown };
      delete activity.channelData;
      delete activity.conversation.tenantId;
      return { ...activity, ...fields };
    };
    const text = await entryPoints[entry](withoutTenant);
    expect(text).toContain(sv.access.noTenant);
  });

  it.each(["message", "card submit", "message-extension query"])(
    "serves the material to a licensed workspace through a %s",
    async (entry) => {
      const user = harness.newUser({ tenantId: tenants.licensed });
      const text = await entryPoints[entry](user);
      expect(text).not.toContain(sv.access.noLicenceTitle);
    },
  );

  it("offers to order on the no-licence card", async () => {
    const user = harness.newUser({ tenantId: "44444444-4444-4444-4444-444444444444" });
    await user.say("meny");
    expect(user.findAction(sv.access.orderButton)).toBeDefined();
  });
});

describe("revocation", () => {
  it("takes effect on every instance within the cache TTL", async () => {
    let now = 0;
    const tenantId = "55555555-5555-5555-5555-555555555555";
    const otherInstance = createLicensing(harness.bot.database, { ttlMs: 60_000, now: () => now });
    const operator = createLicensing(harness.bot.database);
    await operator.licences.grant(
      { tenantId, orgName: "TTL-kommunen", orgNumber: "212000-0142", kind: "kommun" },
      "test",
    );
    await operator.organisations.setAccessMode(
      (await operator.licences.list()).find((l) => l.tenants.includes(tenantId))!.organisationId,
      "everyone",
      "test",
    );

    now = Date.now();
    expect((await otherInstance.gate.accessFor(tenantId, "user-1")).kind).toBe("granted");
    await operator.licences.revoke(tenantId, "operator");
    now += 30_000;
    expect((await otherInstance.gate.accessFor(tenantId, "user-1")).kind).toBe("granted");
    now += 30_001;
    expect(await otherInstance.gate.accessFor(tenantId, "user-1")).toEqual({ kind: "noLicence", problem: "revoked" });
  });
});
