import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { createLicensing, type Licensing } from "../../src/domain/licensing/licensing";
import type { PrismaClient } from "../../src/generated/prisma";
import { newOrgNumber, newTenantId } from "../admin/admin-helpers";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { cardText } from "../support/test-user";

/**
 * A user of a licensed workspace with no membership asks the gate on every turn whether an e-mail grant
 * waits for them. "None waiting" is cached per workspace with the licence's TTL; a grant made on this
 * instance is seen at once, one made on another instance within the TTL.
 */

const sv = loadContent().ui("sv");
const ttlMs = 60_000;

let harness: BotUnderTest;
let prisma: PrismaClient;
beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
  prisma = harness.bot.database.prisma;
});
afterAll(() => harness?.stop());

/** The database as one instance sees it, counting the pending-grant counts it asks for. */
function countingGrantQueries(): { prisma: PrismaClient; counts: () => number } {
  let counts = 0;
  const membership = new Proxy(prisma.membership, {
    get(target, property, receiver) {
      if (property === "count") return (...args: Parameters<typeof target.count>) => (counts++, target.count(...args));
      return Reflect.get(target, property, receiver);
    },
  });
  const counting = new Proxy(prisma, {
    get: (target, property, receiver) =>
      property === "membership" ? membership : Reflect.get(target, property, receiver),
  });
  return { prisma: counting, counts: () => counts };
}

describe("the licence gate's cache of waiting e-mail grants", () => {
  let clock = Date.now();
  let tenantId: string;
  let organisationId: string;
  let here: Licensing;
  let elsewhere: Licensing;
  let hereQueries: ReturnType<typeof countingGrantQueries>;
  let elsewhereQueries: ReturnType<typeof countingGrantQueries>;
  const anna = { userId: "29:anna-cache", email: "anna.cache@kommunen.se" };
  const lookupAnna = async () => ({ email: anna.email, displayName: "Anna" });

  beforeAll(async () => {
    tenantId = newTenantId();
    const licence = await harness.bot.services.licensing.licences.grant(
      { tenantId, orgName: "Cachekommunen", orgNumber: newOrgNumber(), kind: "kommun" },
      "test",
    );
    organisationId = licence.organisationId;
    clock = Date.now() + 1000; // the licence is valid from the moment it was granted
    hereQueries = countingGrantQueries();
    elsewhereQueries = countingGrantQueries();
    here = createLicensing({ prisma: hereQueries.prisma, hot: harness.bot.database.hot }, { ttlMs, now: () => clock });
    elsewhere = createLicensing(
      { prisma: elsewhereQueries.prisma, hot: harness.bot.database.hot },
      { ttlMs, now: () => clock },
    );
  });

  it("asks the database once per workspace, not on every turn, while no grant waits", async () => {
    for (let turn = 0; turn < 5; turn++) {
      expect((await here.gate.accessFor(tenantId, anna.userId, lookupAnna)).kind).toBe("notGranted");
      expect((await here.gate.accessFor(tenantId, `29:other-${turn}`, lookupAnna)).kind).toBe("notGranted");
    }
    expect(hereQueries.counts()).toBe(1);
    expect((await elsewhere.gate.accessFor(tenantId, anna.userId, lookupAnna)).kind).toBe("notGranted");
    expect(elsewhereQueries.counts()).toBe(1);
  });

  it("sees a grant made on this instance at once", async () => {
    await here.organisations.grantByEmail(organisationId, anna.email, "officer");
    const access = await here.gate.accessFor(tenantId, anna.userId, lookupAnna);
    expect(access).toMatchObject({ kind: "granted", role: "official", organisation: { id: organisationId } });
  });

  it("sees a grant made on another instance within the TTL, and not a query sooner", async () => {
    const asked = elsewhereQueries.counts();
    const bertil = { userId: "29:bertil-cache", email: "bertil.cache@kommunen.se" };
    const lookupBertil = async () => ({ email: bertil.email, displayName: "Bertil" });
    expect((await elsewhere.gate.accessFor(tenantId, bertil.userId, lookupBertil)).kind).toBe("notGranted");
    await here.organisations.grantByEmail(organisationId, bertil.email, "officer");
    clock += ttlMs / 2;
    expect((await elsewhere.gate.accessFor(tenantId, bertil.userId, lookupBertil)).kind).toBe("notGranted");
    expect(elsewhereQueries.counts()).toBe(asked);
    clock += ttlMs / 2;
    expect((await elsewhere.gate.accessFor(tenantId, bertil.userId, lookupBertil)).kind).toBe("granted");
  });
});

describe("an e-mail grant through the security officer's card", () => {
  it("lets the official in on their very next turn, though they were turned away a moment before", async () => {
    const tenantId = newTenantId();
    const officer = harness.newUser({ tenantId });
    await harness.bot.services.licensing.licences.grant(
      { tenantId, orgName: "Kortkommunen", orgNumber: newOrgNumber(), kind: "kommun", officerUserId: officer.userId },
      "test",
    );
    const official = harness.newUser({ tenantId });
    harness.connector.members.set(`29:${official.userId}`, { email: "cecilia@kortkommunen.se", name: "Cecilia" });
    await official.say("meny");
    await official.say("meny");
    expect(cardText(official.lastCard())).not.toContain(sv.menu.intro);

    await officer.say("hej");
    await officer.execute("adminGrant", { emails: "cecilia@kortkommunen.se" });
    await official.say("meny");
    expect(cardText(official.lastCard())).toContain(sv.menu.intro);
  });
});
