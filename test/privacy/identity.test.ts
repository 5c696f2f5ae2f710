import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { pseudonymOf } from "../../src/domain/privacy/pseudonym";
import { randomOrgNumber } from "../incidents/incident-helpers";
import { useBotUnderTest } from "../support/test-bot";
import { allActions, cardText, type TestUser } from "../support/test-user";
import { findInEveryTable } from "./privacy-helpers";

/**
 * A person is who Teams says they are: the Entra object id and workspace of the activity. What
 * someone types into the order form (a name, an e-mail address) is data about that order and never
 * makes them anyone else: `mina data` shows, and `radera allt` erases, only rows keyed by the caller's
 * own ids, and audit entries are pseudonymised by id, never by matching text.
 */
const sv = loadContent().ui("sv");

const harness = useBotUnderTest("pglite");

const prisma = () => harness.bot.database.prisma;
const services = () => harness.bot.services;

interface VictimOrganisation {
  tenantId: string;
  organisationId: string;
  victim: TestUser;
  victimName: string;
  victimEmail: string;
  secondOfficerEmail: string;
  waitingEmail: string;
  colleague: TestUser;
  colleagueName: string;
  colleagueEmail: string;
}

/**
 * A licensed municipality: its security officer (known to Teams by e-mail and name), a second officer
 * granted by e-mail, the officer's address as the emergency contact, a colleague who has signed in,
 * and an e-mail grant still waiting for its official. Every change made through the bot, so audited.
 */
async function victimOrganisation(options: { colleagueName?: string } = {}): Promise<VictimOrganisation> {
  const tag = randomUUID().slice(0, 8);
  const tenantId = randomUUID();
  const victim = harness.newUser({ tenantId });
  const victimName = `Vera Offer ${tag}`;
  const victimEmail = `vera.${tag}@offerkommun.se`;
  await prisma().directoryEntry.create({
    data: { tenantId, userId: victim.userId, email: victimEmail, displayName: victimName },
  });
  const { organisationId } = await services().licensing.licences.grant(
    {
      tenantId,
      orgName: `Offerkommun ${tag}`,
      orgNumber: randomOrgNumber(),
      kind: "kommun",
      officerUserId: victim.userId,
    },
    "operator",
  );
  const admin = services().licensing.organisations;
  const actor = `officer:${victim.userId}`;
  const secondOfficerEmail = `andra.${tag}@offerkommun.se`;
  await admin.addOfficer(organisationId, secondOfficerEmail, actor);
  await admin.setContact(
    organisationId,
    { contactPhone: "08-123 456 78", contactEmail: victimEmail, routineUrl: null },
    actor,
  );
  const waitingEmail = `vantar.${tag}@offerkommun.se`;
  const colleagueEmail = `kollega.${tag}@offerkommun.se`;
  const colleagueName = options.colleagueName ?? `Kalle Kollega ${tag}`;
  await admin.grantByEmail(organisationId, `${waitingEmail}, ${colleagueEmail}`, actor);
  const colleague = harness.newUser({ tenantId });
  harness.connector.members.set(`29:${colleague.userId}`, { email: colleagueEmail, name: colleagueName });
  await colleague.say("meny");
  expect(cardText(colleague.lastCard())).toContain(sv.menu.intro);
  return {
    tenantId,
    organisationId,
    victim,
    victimName,
    victimEmail,
    secondOfficerEmail,
    waitingEmail,
    colleague,
    colleagueName,
    colleagueEmail,
  };
}

/** A Teams user of a workspace without a licence, who orders with whatever contact details they like. */
async function attackerWhoOrdered(typed: { name: string; email: string }): Promise<TestUser> {
  const attacker = harness.newUser({ tenantId: randomUUID() });
  const receipt = await attacker.execute("submitOrder", {
    orgName: "Angriparkommun",
    orgNumber: randomOrgNumber(),
    kind: "kommun",
    ordererName: typed.name,
    ordererEmail: typed.email,
    ordererPhone: "070-123 45 67",
    invoiceReference: "Ref 1",
    acceptPrice: "true",
  });
  const order = await prisma().order.findFirstOrThrow({ where: { tenantId: attacker.tenantId } });
  expect(cardText(receipt)).toContain(order.number);
  return attacker;
}

/** Everything that belongs to others: memberships, organisations, directory entries and the audit log. */
async function othersRows(exceptUserId: string) {
  const [memberships, organisations, directory, audit] = await Promise.all([
    prisma().membership.findMany({ where: { NOT: { userId: exceptUserId } }, orderBy: { id: "asc" } }),
    prisma().organisation.findMany({ orderBy: { id: "asc" } }),
    prisma().directoryEntry.findMany({ where: { NOT: { userId: exceptUserId } }, orderBy: { userId: "asc" } }),
    prisma().auditEntry.findMany({ where: { NOT: { action: "privacy.erase" } }, orderBy: { id: "asc" } }),
  ]);
  return { memberships, organisations, directory, audit };
}

async function exportedJson(user: TestUser): Promise<{ memberships: unknown[]; auditEntries: unknown[] }> {
  await user.say("mina data");
  await user.press(sv.privacy.myData.export);
  const links = allActions(user.lastCard()).filter((a) => a.type === "Action.OpenUrl");
  const json = links.find((l) => l.title === sv.privacy.export.openJson)!;
  return (await (await fetch(json.url!.replace(/^https?:\/\/[^/]+/, harness.url))).json()) as {
    memberships: unknown[];
    auditEntries: unknown[];
  };
}

async function eraseAll(user: TestUser): Promise<void> {
  await user.submit({ verb: "privacyErase" });
  await user.press(sv.privacy.erase.confirm);
  expect(cardText(user.lastCard())).toContain(sv.privacy.erase.doneTitle);
}

describe("typed contact details are not an identity", () => {
  it.each([
    ["the officer's e-mail and name", (v: VictimOrganisation) => ({ email: v.victimEmail, name: v.victimName })],
    [
      "the officer's e-mail in capitals",
      (v: VictimOrganisation) => ({ email: v.victimEmail.toUpperCase(), name: "X Y" }),
    ],
    ["the second officer's e-mail", (v: VictimOrganisation) => ({ email: v.secondOfficerEmail, name: "Andra" })],
    [
      "the address of a grant waiting for its official",
      (v: VictimOrganisation) => ({ email: v.waitingEmail, name: "V" }),
    ],
    ["a colleague's e-mail and name", (v: VictimOrganisation) => ({ email: v.colleagueEmail, name: v.colleagueName })],
    ["the name 'operator'", () => ({ email: `egen.${randomUUID().slice(0, 6)}@angripare.se`, name: "operator" })],
  ])(
    "an unlicensed user who orders with %s can neither export nor erase anyone else's data",
    async (_case, typedFor) => {
      const victim = await victimOrganisation();
      const typed = typedFor(victim);
      const attacker = await attackerWhoOrdered(typed);
      const before = await othersRows(attacker.userId);

      await attacker.say("mina data");
      expect(cardText(attacker.lastCard())).toContain(`${sv.privacy.myData.memberships}: 0 st`);
      const exported = await exportedJson(attacker);
      expect(exported.memberships).toEqual([]);
      expect(exported.auditEntries).toEqual([]);
      expect(JSON.stringify(exported)).not.toContain(victim.organisationId);

      await eraseAll(attacker);
      // The victim's membership and officer role, the second officer, the colleague, the waiting grant,
      // the emergency contact and every audit entry: exactly as they were.
      expect(await othersRows(attacker.userId)).toEqual(before);
      const officers = await prisma().membership.findMany({
        where: { organisationId: victim.organisationId, role: "officer" },
      });
      expect(officers.map((o) => o.userId ?? o.email).sort()).toEqual(
        [victim.victim.userId, victim.secondOfficerEmail].sort(),
      );
      const organisation = await prisma().organisation.findUniqueOrThrow({ where: { id: victim.organisationId } });
      expect(organisation.contactEmail).toBe(victim.victimEmail);
      // Only the attacker's own order was detached from them.
      expect(await findInEveryTable(prisma(), [attacker.userId])).toEqual([]);
    },
  );

  it("the orderer becomes security officer as the Teams user who ordered, not as the address they typed", async () => {
    const victim = await victimOrganisation();
    const attacker = await attackerWhoOrdered({ email: victim.victimEmail, name: victim.victimName });
    const order = await prisma().order.findFirstOrThrow({ where: { tenantId: attacker.tenantId } });
    const approved = await services().licensing.orders.approve(order.id, "operator");

    const officer = await prisma().membership.findFirstOrThrow({ where: { organisationId: approved.organisationId! } });
    expect(officer).toMatchObject({ userId: attacker.userId, role: "officer" });
    expect(officer.email).not.toBe(victim.victimEmail);
    expect(officer.displayName).not.toBe(victim.victimName);
    // The only membership with the victim's address is the victim's own.
    expect(await prisma().membership.findMany({ where: { email: victim.victimEmail } })).toEqual([
      expect.objectContaining({ userId: victim.victim.userId, organisationId: victim.organisationId }),
    ]);
    // The typed address is on the order, where it belongs, and not in the licence's audit entry.
    const grant = await prisma().auditEntry.findFirstOrThrow({
      where: { action: "licence.grant", organisationId: approved.organisationId },
    });
    expect(grant.subjectUserId).toBe(attacker.userId);
    expect(JSON.stringify(grant.after)).not.toContain(victim.victimEmail);
  });

  it("the orderer's first-officer membership carries the e-mail Teams reported for them, when known", async () => {
    const tenantId = randomUUID();
    const orderer = harness.newUser({ tenantId });
    await prisma().directoryEntry.create({
      data: { tenantId, userId: orderer.userId, email: "riktig@bestallare.se", displayName: "Riktig Beställare" },
    });
    await orderer.execute("submitOrder", {
      orgName: "Beställarkommun",
      orgNumber: randomOrgNumber(),
      kind: "kommun",
      ordererName: "Annat Namn",
      ordererEmail: "annan@adress.se",
      ordererPhone: "070-123 45 67",
      invoiceReference: "Ref 2",
      acceptPrice: "true",
    });
    const order = await prisma().order.findFirstOrThrow({ where: { tenantId } });
    const approved = await services().licensing.orders.approve(order.id, "operator");
    expect(
      await prisma().membership.findFirstOrThrow({ where: { organisationId: approved.organisationId! } }),
    ).toMatchObject({ userId: orderer.userId, email: "riktig@bestallare.se", displayName: "Riktig Beställare" });
  });
});

describe("the same address in another workspace", () => {
  it("a user whose own workspace reports another organisation's addresses gets none of that organisation", async () => {
    const victim = await victimOrganisation();
    // The attacker's workspace is licensed for its own organisation, with a grant waiting there too,
    // so the gate looks the attacker up; their directory says they have the victim organisation's addresses.
    const attackerTenant = randomUUID();
    const attacker = harness.newUser({ tenantId: attackerTenant });
    const own = await services().licensing.licences.grant(
      { tenantId: attackerTenant, orgName: "Egen kommun", orgNumber: randomOrgNumber(), kind: "kommun" },
      "operator",
    );
    await services().licensing.organisations.grantByEmail(own.organisationId, "nagon@egen.se", "operator");
    harness.connector.members.set(`29:${attacker.userId}`, { email: victim.waitingEmail, name: victim.victimName });
    await attacker.say("meny");
    expect(cardText(attacker.lastCard())).toContain(sv.access.notGrantedTitle);
    expect(
      await prisma().membership.findUniqueOrThrow({
        where: { organisationId_email: { organisationId: victim.organisationId, email: victim.waitingEmail } },
      }),
    ).toMatchObject({ userId: null });

    // Teams reported the victim's own address for them too: it still makes them nobody else.
    await prisma().directoryEntry.update({
      where: { tenantId_userId: { tenantId: attackerTenant, userId: attacker.userId } },
      data: { email: victim.victimEmail },
    });
    const before = await othersRows(attacker.userId);
    expect((await exportedJson(attacker)).memberships).toEqual([]);
    await eraseAll(attacker);
    expect(await othersRows(attacker.userId)).toEqual(before);
  });
});

describe("erasing one's own data", () => {
  it("pseudonymises the audit entries about the person by id, and leaves a colleague with the same name alone", async () => {
    // The colleague's Teams display name is the same as the officer's: a name is not a key either.
    const tag = randomUUID().slice(0, 8);
    const org = await victimOrganisation({ colleagueName: `Vera Offer ${tag}` });
    await prisma().directoryEntry.update({
      where: { tenantId_userId: { tenantId: org.tenantId, userId: org.victim.userId } },
      data: { displayName: org.colleagueName },
    });
    const colleagueEntriesBefore = await prisma().auditEntry.findMany({
      where: { subjectUserId: org.colleague.userId, actor: { not: `officer:${org.victim.userId}` } },
      orderBy: { id: "asc" },
    });
    expect(colleagueEntriesBefore.map((e) => e.action)).toContain("access.link");
    const operatorEntriesBefore = await prisma().auditEntry.findMany({
      where: { actor: "operator", organisationId: org.organisationId },
      orderBy: { id: "asc" },
    });

    const exported = await exportedJson(org.victim);
    expect(exported.memberships).toHaveLength(1);
    expect(exported.auditEntries.length).toBeGreaterThan(0);

    await eraseAll(org.victim);
    const pseudonym = pseudonymOf(org.victim.userId);

    expect(await findInEveryTable(prisma(), [org.victim.userId, org.victimEmail])).toEqual([]);
    // Their own address as the emergency contact (Teams reported it for them, in the organisation's workspace).
    expect(
      (await prisma().organisation.findUniqueOrThrow({ where: { id: org.organisationId } })).contactEmail,
    ).toBeNull();
    // What they did stays, as the pseudonym; whom they granted stays readable.
    const colleagueMembership = await prisma().membership.findFirstOrThrow({ where: { userId: org.colleague.userId } });
    const theirGrant = await prisma().auditEntry.findFirstOrThrow({
      where: { action: "access.grant", subject: `membership:${colleagueMembership.id}` },
    });
    expect(theirGrant.actor).toBe(`officer:${pseudonym}`);
    expect(theirGrant.after).toMatchObject({ email: org.colleagueEmail });
    const licence = await prisma().auditEntry.findFirstOrThrow({
      where: { action: "licence.grant", organisationId: org.organisationId },
    });
    expect(licence).toMatchObject({ actor: "operator", subjectUserId: pseudonym });

    // The colleague, who has the same name, and the operator: untouched.
    expect(
      await prisma().auditEntry.findMany({
        where: { subjectUserId: org.colleague.userId, actor: { not: `officer:${pseudonym}` } },
        orderBy: { id: "asc" },
      }),
    ).toEqual(colleagueEntriesBefore);
    expect(
      await prisma().auditEntry.findMany({
        where: { actor: "operator", organisationId: org.organisationId, NOT: { action: "licence.grant" } },
        orderBy: { id: "asc" },
      }),
    ).toEqual(operatorEntriesBefore.filter((e) => e.action !== "licence.grant"));
    expect(await prisma().membership.findFirstOrThrow({ where: { userId: org.colleague.userId } })).toMatchObject({
      displayName: org.colleagueName,
      email: org.colleagueEmail,
    });

    // The erasure itself says whose (pseudonym) and which organisation.
    const erase = await prisma().auditEntry.findFirstOrThrow({
      where: { action: "privacy.erase", subjectUserId: pseudonym },
    });
    expect(erase).toMatchObject({ organisationId: org.organisationId, subject: `user:${pseudonym}` });
    expect(erase.after).toMatchObject({
      organisationIds: [org.organisationId],
      tenantId: org.tenantId,
      memberships: 1,
    });
  });
});
