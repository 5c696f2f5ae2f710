import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/generated/prisma";
import { swedishDate } from "../../src/domain/licensing/calendar";
import { inactiveUserPurge } from "../../src/domain/privacy/privacy-retention";
import { pseudonymOf } from "../../src/domain/privacy/pseudonym";
import { loadContent } from "../../src/domain/content/content-catalog";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { cardText } from "../support/test-user";
import { adminFetch, adminToken, jsonOf, newOrgNumber, newTenantId, runAdminCli as cli } from "./admin-helpers";

/**
 * The audit log is the operator's to read (`audit list`, through the admin API), says who did what to
 * whom and in which organisation, by id, and covers what the bot does by itself: linking an e-mail
 * grant, purging inactive users, re-encrypting under a new key. An audited change and its entry are
 * one transaction: no change without its entry.
 */
const sv = loadContent().ui("sv");
const today = swedishDate(new Date());

let harness: BotUnderTest;
let prisma: PrismaClient;
const admin = (...args: string[]) => cli(args, { ADMIN_URL: harness.url, ADMIN_TOKEN: adminToken });

beforeAll(async () => {
  harness = await startBotUnderTest("pglite", { ADMIN_TOKEN: adminToken });
  prisma = harness.bot.database.prisma;
});
afterAll(() => harness?.stop());

/** A licensed organisation with its officer, through the operator's API. */
async function organisation(name: string) {
  const tenantId = newTenantId();
  const orgNumber = newOrgNumber();
  const response = await adminFetch(harness.url, "/licenses", {
    body: { tenant: tenantId, org: name, orgNumber, kind: "kommun", officer: `sak.${randomUUID().slice(0, 6)}@k.se` },
  });
  expect(response.status).toBe(201);
  const { license } = await jsonOf(response);
  return { tenantId, orgNumber, organisationId: license.organisationId as string };
}

const auditList = async (query: string) => {
  const response = await adminFetch(harness.url, `/audit?${query}`);
  expect(response.status).toBe(200);
  return jsonOf(response);
};

describe("audit list", () => {
  it("lists entries since a date, filtered by organisation (id or number) and actor, on the CLI and the API", async () => {
    const north = await organisation("Norrkommun Audit");
    const south = await organisation("Söderkommun Audit");
    await harness.bot.services.licensing.organisations.setAccessMode(
      south.organisationId,
      "everyone",
      "officer:aad-söder",
    );

    const byNumber = await admin("audit", "list", "--since", today, "--org", north.orgNumber);
    expect(byNumber.code).toBe(0);
    expect(byNumber.stdout).toMatch(/^AT \(UTC\)\s+ACTOR\s+ACTION\s+SUBJECT\s+ORGANISATION\s+PERSON\s+CHANGE/);
    expect(byNumber.stdout).toContain("licence.grant");
    expect(byNumber.stdout).toContain(north.organisationId);
    expect(byNumber.stdout).not.toContain(south.organisationId);

    const json = await admin(
      "audit",
      "list",
      "--since",
      today,
      "--org",
      south.organisationId,
      "--actor",
      "aad-söder",
      "--json",
    );
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.truncated).toBe(false);
    expect(body.entries).toEqual([
      expect.objectContaining({
        actor: "officer:aad-söder",
        action: "organisation.accessMode",
        organisationId: south.organisationId,
        before: { accessMode: "granted" },
        after: { accessMode: "everyone" },
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      }),
    ]);

    const operator = await auditList(`since=${today}&actor=operator&org=${north.orgNumber}`);
    expect(operator.entries.map((e: { action: string }) => e.action)).toEqual(["licence.grant"]);
    // Entries before the day are left out.
    const tomorrow = swedishDate(new Date(Date.now() + 36 * 3600 * 1000));
    expect((await auditList(`since=${tomorrow}&org=${north.organisationId}`)).entries).toEqual([]);
  });

  it("answers a missing or bad date, an unknown organisation and a bad limit clearly", async () => {
    const missing = await admin("audit", "list");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("audit list needs --since");
    const badDate = await admin("audit", "list", "--since", "igår");
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/since: must be a date YYYY-MM-DD/);
    const unknown = await admin("audit", "list", "--since", today, "--org", randomUUID());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Not found: No organisation/);
    expect((await adminFetch(harness.url, `/audit?since=${today}&org=inte-ett-nummer`)).status).toBe(400);
    expect((await adminFetch(harness.url, `/audit?since=${today}&limit=0`)).status).toBe(400);
    expect((await adminFetch(harness.url, `/audit?since=${today}`, { token: "wrong" })).status).toBe(401);
  });

  it("never prints a token or a control character, and says when the list was cut short", async () => {
    const { organisationId } = await organisation("Escapekommun");
    await prisma.auditEntry.create({
      data: {
        id: randomUUID(),
        actor: "officer:\u001b]0;pwned\u0007aad",
        action: "organisation.contact",
        subject: `organisation:${organisationId}`,
        organisationId,
        after: {
          routineUrl: "https://x.se/\u001b[2J",
          downloadToken: "hemlig-token-123",
          nested: { apiSecret: "s3-hemlig-nyckel" },
        },
      },
    });
    const run = await admin("audit", "list", "--since", today, "--org", organisationId);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    for (const secret of ["hemlig-token-123", "s3-hemlig-nyckel", adminToken]) expect(run.stdout).not.toContain(secret);
    expect(run.stdout).toContain("[hidden]");
    const json = await admin("audit", "list", "--since", today, "--org", organisationId, "--json");
    for (const secret of ["hemlig-token-123", adminToken]) expect(json.stdout).not.toContain(secret);

    const cut = await auditList(`since=${today}&limit=1`);
    expect(cut).toMatchObject({ truncated: true, entries: [expect.any(Object)] });
  });
});

describe("what is audited", () => {
  it("an erasure says whose (pseudonym) and which organisation, and is listed under it", async () => {
    const { tenantId, organisationId } = await organisation("Raderakommun");
    const official = harness.newUser({ tenantId });
    await harness.bot.services.licensing.organisations.grantByEmail(organisationId, "radera.mig@k.se", "operator");
    harness.connector.members.set(`29:${official.userId}`, { email: "radera.mig@k.se", name: "Radera Mig" });
    await official.say("meny");
    await official.submit({ verb: "privacyErase" });
    await official.press(sv.privacy.erase.confirm);
    expect(cardText(official.lastCard())).toContain(sv.privacy.erase.doneTitle);

    const pseudonym = pseudonymOf(official.userId);
    const { entries } = await auditList(`since=${today}&org=${organisationId}`);
    const erase = entries.find((e: { action: string }) => e.action === "privacy.erase");
    expect(erase).toMatchObject({
      actor: `user:${pseudonym}`,
      subject: `user:${pseudonym}`,
      subjectUserId: pseudonym,
      organisationId,
      after: expect.objectContaining({ memberships: 1, organisationIds: [organisationId], tenantId }),
    });
    expect(JSON.stringify(entries)).not.toContain(official.userId);
  });

  it("an e-mail grant linked automatically when Teams reports the address is audited with the person's id", async () => {
    const { tenantId, organisationId } = await organisation("Länkkommun");
    await harness.bot.services.licensing.organisations.grantByEmail(organisationId, "Lanka.Mig@k.se", "operator");
    const official = harness.newUser({ tenantId });
    harness.connector.members.set(`29:${official.userId}`, { email: "lanka.mig@K.se", name: "Länka Mig" });
    await official.say("meny");
    const membership = await prisma.membership.findFirstOrThrow({ where: { organisationId, email: "lanka.mig@k.se" } });
    expect(membership.userId).toBe(official.userId);
    expect(await prisma.auditEntry.findMany({ where: { action: "access.link", organisationId } })).toEqual([
      expect.objectContaining({
        actor: "system",
        subject: `membership:${membership.id}`,
        subjectUserId: official.userId,
        after: { tenantId, role: "official" },
      }),
    ]);
  });

  it("key rotation is audited with its counts and key id, never a key", async () => {
    const response = await adminFetch(harness.url, "/keys/rotate", { body: {} });
    expect(response.status).toBe(200);
    const report = await jsonOf(response);
    const entry = await prisma.auditEntry.findFirstOrThrow({
      where: { action: "keys.rotate", subject: `key:${report.keyId}` },
      orderBy: { at: "desc" },
    });
    expect(entry).toMatchObject({ actor: "operator", after: report });
  });

  it("a purge of inactive users is audited with their pseudonyms and counts, not their ids", async () => {
    const userId = `aad-inaktiv-${randomUUID()}`;
    const longAgo = new Date(Date.now() - 40 * 30 * 24 * 3600 * 1000);
    await prisma.userActivity.create({ data: { userId, lastSeenAt: longAgo } });
    await prisma.themeProgress.create({
      data: { userId, themeId: "t", stepId: "s", stepIndex: 0, stepCount: 3, startedAt: longAgo, updatedAt: longAgo },
    });
    expect(await inactiveUserPurge(prisma, 24).purgeExpired()).toBeGreaterThanOrEqual(1);
    const entry = await prisma.auditEntry.findFirstOrThrow({
      where: { action: "privacy.purgeInactive" },
      orderBy: { at: "desc" },
    });
    expect(entry.actor).toBe("system");
    expect((entry.after as { users: string[] }).users).toContain(pseudonymOf(userId));
    expect(JSON.stringify(entry)).not.toContain(userId);
  });
});

describe("a change and its audit entry are one transaction", () => {
  /** Makes every audit insert of `action` fail, as a full disk or a lost connection would. */
  async function failingAudit<T>(action: string, body: () => Promise<T>): Promise<T> {
    await prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION refuse_audit() RETURNS trigger AS $$
      BEGIN
        IF NEW.action = '${action}' THEN RAISE EXCEPTION 'audit write failed'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION refuse_audit()`,
    );
    try {
      return await body();
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_audit ON audit_entry`);
    }
  }

  it("a grant whose audit entry cannot be written grants nothing", async () => {
    const { organisationId } = await organisation("Atomkommun");
    const { organisations } = harness.bot.services.licensing;
    await failingAudit("access.grant", async () => {
      await expect(organisations.grantByEmail(organisationId, "atom@k.se", "operator")).rejects.toThrow();
    });
    expect(await prisma.membership.count({ where: { organisationId, email: "atom@k.se" } })).toBe(0);
    // And it works once the log can be written again.
    expect((await organisations.grantByEmail(organisationId, "atom@k.se", "operator")).added).toEqual(["atom@k.se"]);
    expect(await prisma.auditEntry.count({ where: { action: "access.grant", organisationId } })).toBe(1);
  });

  it("a revocation, an officer change and an automatic link whose entry fails change nothing", async () => {
    const { tenantId, organisationId } = await organisation("Atomkommun två");
    const { organisations } = harness.bot.services.licensing;
    await organisations.grantByEmail(organisationId, "kvar@k.se", "operator");
    const member = await prisma.membership.findFirstOrThrow({ where: { organisationId, email: "kvar@k.se" } });

    await failingAudit("access.revoke", () =>
      expect(organisations.revoke(organisationId, member.id, "operator")).rejects.toThrow(),
    );
    await failingAudit("officer.add", () =>
      expect(organisations.addOfficer(organisationId, "ny.officer@k.se", "operator")).rejects.toThrow(),
    );
    expect(await prisma.membership.findUnique({ where: { id: member.id } })).not.toBeNull();
    expect(await prisma.membership.count({ where: { organisationId, email: "ny.officer@k.se" } })).toBe(0);

    const official = harness.newUser({ tenantId });
    harness.connector.members.set(`29:${official.userId}`, { email: "kvar@k.se", name: "Kvar" });
    await failingAudit("access.link", () => official.say("meny"));
    expect((await prisma.membership.findUniqueOrThrow({ where: { id: member.id } })).userId).toBeNull();
  });
});
