import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { fill } from "../../src/domain/content/ui-text-schema";
import type { PrismaClient } from "../../src/generated/prisma";
import { adminFetch, adminToken, jsonOf, newOrgNumber, newTenantId, runAdminCli } from "../admin/admin-helpers";
import { documentIncident, textOf } from "../incidents/incident-helpers";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { allActions, cardText, type TestUser } from "../support/test-user";

/**
 * An organisation number is public. Knowing one must never make anyone part of that organisation:
 * not by ordering, not by a licence granted for it, not by an e-mail typed into a form.
 */

const sv = loadContent().ui("sv");

let harness: BotUnderTest;
let prisma: PrismaClient;

beforeAll(async () => {
  harness = await startBotUnderTest("pglite", { ADMIN_TOKEN: adminToken });
  prisma = harness.bot.database.prisma;
});
afterAll(() => harness?.stop());

interface ExistingOrganisation {
  organisationId: string;
  orgNumber: string;
  orgName: string;
  tenantId: string;
  officer: TestUser;
  official: TestUser;
}

/** A licensed municipality with its own officer, a signed-in official, a pending e-mail grant and contacts. */
async function existingOrganisation(): Promise<ExistingOrganisation> {
  const tenantId = newTenantId();
  const orgNumber = newOrgNumber();
  const orgName = `Riktiga kommunen ${orgNumber}`;
  const officer = harness.newUser({ tenantId });
  const licence = await harness.bot.services.licensing.licences.grant(
    { tenantId, orgName, orgNumber, kind: "kommun", officerUserId: officer.userId },
    "operator",
  );
  await prisma.membership.updateMany({
    where: { organisationId: licence.organisationId, userId: officer.userId },
    data: { displayName: "Olga Officer", email: `olga.${orgNumber}@riktiga.se` },
  });
  await officer.say("hej");
  await officer.execute("adminSaveContact", {
    contactPhone: "08-555 123 45",
    contactEmail: `sakerhet.${orgNumber}@riktiga.se`,
    routineUrl: "",
  });
  const official = harness.newUser({ tenantId });
  harness.connector.members.set(`29:${official.userId}`, { email: `anna.${orgNumber}@riktiga.se`, name: "Anna" });
  await officer.execute("adminGrant", { emails: `anna.${orgNumber}@riktiga.se, bertil.${orgNumber}@riktiga.se` });
  await official.say("meny");
  expect(cardText(official.lastCard())).toContain(sv.menu.intro);
  return { organisationId: licence.organisationId, orgNumber, orgName, tenantId, officer, official };
}

/** Someone in another tenant orders with the organisation's number (as written, e.g. without the dash). */
async function orderFromAnotherTenant(orgNumber: string, ordererEmail = "mallory@annan.se") {
  const orderer = harness.newUser({ tenantId: newTenantId() });
  const receipt = await orderer.execute("submitOrder", {
    orgName: "Riktiga kommunen",
    orgNumber,
    kind: "kommun",
    ordererName: "Mallory Mellanhand",
    ordererEmail,
    ordererPhone: "070-123 45 67",
    invoiceReference: "Ref 1",
    acceptPrice: "true",
  });
  const order = await prisma.order.findFirstOrThrow({ where: { tenantId: orderer.tenantId } });
  expect(cardText(receipt)).toContain(order.number);
  return { orderer, order };
}

async function approveLinked(orderNumber: string) {
  const response = await adminFetch(harness.url, `/orders/${orderNumber}/approve`, { body: { linkExisting: true } });
  expect(response.status).toBe(200);
  return jsonOf(response);
}

/** What an outsider must never see of the organisation. */
function secretsOf(org: ExistingOrganisation): string[] {
  return [
    org.orgName,
    "Olga Officer",
    `olga.${org.orgNumber}@riktiga.se`,
    `anna.${org.orgNumber}@riktiga.se`,
    `bertil.${org.orgNumber}@riktiga.se`,
    `sakerhet.${org.orgNumber}@riktiga.se`,
    "555",
    sv.admin.statsTitle,
  ];
}

async function linkOf(organisationId: string, tenantId: string) {
  return prisma.organisationTenant.findUnique({ where: { organisationId_tenantId: { organisationId, tenantId } } });
}

/** An official of the organisation documents an incident and sends it; returns who received it. */
async function sendIncident(org: ExistingOrganisation, recipients: TestUser[]): Promise<Map<TestUser, string>> {
  const before = new Map(recipients.map((r) => [r, harness.connector.forConversation(r.conversationId).length]));
  await documentIncident(org.official, sv, { what: "Ett hotfullt brev i brevlådan" });
  await org.official.press(sv.incident.sendToOfficer);
  await org.official.press(sv.incident.send);
  return new Map(
    recipients.map((r) => [r, textOf(harness.connector.forConversation(r.conversationId).slice(before.get(r)))]),
  );
}

function cli(args: string[]) {
  return runAdminCli(args, { ADMIN_URL: harness.url, ADMIN_TOKEN: adminToken });
}

describe("an order for an existing organisation from a new tenant", () => {
  it("is flagged in the order list and refused on approval without --link-existing, linking nothing", async () => {
    const org = await existingOrganisation();
    const { orderer, order } = await orderFromAnotherTenant(org.orgNumber);

    const listed = await jsonOf(await adminFetch(harness.url, "/orders?status=pending"));
    const entry = listed.orders.find((o: { number: string }) => o.number === order.number);
    expect(entry.existingOrganisation).toMatchObject({ id: org.organisationId, tenants: [org.tenantId] });

    const refused = await adminFetch(harness.url, `/orders/${order.number}/approve`, { body: {} });
    expect(refused.status).toBe(409);
    expect((await jsonOf(refused)).error).toContain("belongs to an existing organisation");

    expect(await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "pending" });
    expect(await linkOf(org.organisationId, orderer.tenantId)).toBeNull();
    expect(await prisma.membership.count({ where: { userId: orderer.userId } })).toBe(0);
  });

  it.each([
    ["without the dash", (n: string) => n.replace("-", "")],
    ["with the century prefix", (n: string) => `16${n}`],
    ["with spaces", (n: string) => ` ${n.slice(0, 6)} ${n.slice(7)} `],
  ])("is recognised when the number is written %s", async (_how, written) => {
    const org = await existingOrganisation();
    const { order } = await orderFromAnotherTenant(written(org.orgNumber));
    expect(order.orgNumber).toBe(org.orgNumber);
    const refused = await adminFetch(harness.url, `/orders/${order.number}/approve`, { body: {} });
    expect(refused.status).toBe(409);
  });

  it("is flagged and refused by the CLI too, which says how to go on", async () => {
    const org = await existingOrganisation();
    const { order } = await orderFromAnotherTenant(org.orgNumber);

    const list = await cli(["orders", "list", "--status", "pending"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${order.number}: ${org.orgNumber} belongs to an existing organisation`);

    const approve = await cli(["orders", "approve", order.number]);
    expect(approve.code).toBe(1);
    expect(approve.stderr).toContain("belongs to an existing organisation");
    expect(approve.stderr).toContain("--link-existing");

    const linked = await cli(["orders", "approve", order.number, "--link-existing"]);
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain("Nothing is linked yet");
    expect((await cli(["orders", "list", "--status", "awaiting_confirmation"])).stdout).toContain(
      `${order.number}: awaits confirmation`,
    );

    const declined = await cli(["officers", "decline", order.number, "--reason", "Okänd beställare"]);
    expect(declined.code).toBe(0);
    expect(await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "declined",
      rejectReason: "Okänd beställare",
    });
  });

  it("with --link-existing gives the orderer nothing of the organisation until an officer accepts", async () => {
    const org = await existingOrganisation();
    const { orderer, order } = await orderFromAnotherTenant(org.orgNumber, `olga.${org.orgNumber}@riktiga.se`);
    const approved = await approveLinked(order.number);
    expect(approved.order.status).toBe("awaiting_confirmation");
    expect(approved.license).toBeNull();
    expect(await linkOf(org.organisationId, orderer.tenantId)).toBeNull();

    // Their administration says they wait, and shows nothing of the organisation.
    await orderer.say("admin");
    const adminText = cardText(orderer.lastCard());
    expect(adminText).toContain(fill(sv.access.awaitingConfirmation, { number: order.number }));
    for (const secret of secretsOf(org)) expect(adminText).not.toContain(secret);
    await orderer.say("meny");
    for (const secret of secretsOf(org)) expect(cardText(orderer.lastCard())).not.toContain(secret);

    // Nor can they act as an officer, not even with the real officer's membership id.
    const olga = await prisma.membership.findFirstOrThrow({ where: { userId: org.officer.userId } });
    await orderer.execute("adminRemoveOfficer", { membershipId: olga.id });
    await orderer.execute("adminGrant", { emails: "kompis@annan.se" });
    expect(await prisma.membership.findUniqueOrThrow({ where: { id: olga.id } })).toMatchObject({ role: "officer" });
    expect(await prisma.membership.count({ where: { email: "kompis@annan.se" } })).toBe(0);

    // An incident summary goes to the real officer only.
    await orderer.say("hej");
    const received = await sendIncident(org, [org.officer, orderer]);
    expect(received.get(org.officer)).toContain("Ett hotfullt brev i brevlådan");
    expect(received.get(orderer)).not.toContain("Ett hotfullt brev i brevlådan");
    expect(cardText(org.official.lastCard())).toContain(fill(sv.incident.sent, { count: 1 }));
  });

  it("once the organisation's officer accepts in the admin card, the orderer is an officer and gets summaries", async () => {
    const org = await existingOrganisation();
    const { orderer, order } = await orderFromAnotherTenant(org.orgNumber, `bertil.${org.orgNumber}@riktiga.se`);
    await approveLinked(order.number);
    await orderer.say("hej");

    await org.officer.say("admin");
    const card = org.officer.lastCard();
    expect(cardText(card)).toContain(sv.admin.pendingOfficersTitle);
    expect(cardText(card)).toContain("Mallory Mellanhand");
    const accept = allActions(card).find(
      (a) => a.title === fill(sv.admin.acceptOfficer, { name: "Mallory Mellanhand" }),
    );
    expect(accept?.data).toEqual({ orderId: order.id });

    const after = await org.officer.execute("adminAcceptOfficer", { orderId: order.id });
    expect(cardText(after)).toContain(sv.admin.officerAccepted);
    expect(cardText(after)).not.toContain(sv.admin.pendingOfficersTitle);
    expect(await linkOf(org.organisationId, orderer.tenantId)).not.toBeNull();
    expect(await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "approved" });
    expect(await prisma.licence.count({ where: { orderId: order.id } })).toBe(1);
    expect(
      await prisma.auditEntry.count({
        where: { action: "officer.accept", actor: `officer:${org.officer.userId}`, subject: `order:${order.id}` },
      }),
    ).toBe(1);

    await orderer.say("admin");
    expect(cardText(orderer.lastCard())).toContain(fill(sv.admin.title, { organisation: org.orgName }));
    const received = await sendIncident(org, [org.officer, orderer]);
    expect(received.get(orderer)).toContain("Ett hotfullt brev i brevlådan");
    expect(received.get(org.officer)).toContain("Ett hotfullt brev i brevlådan");

    // The e-mail the orderer typed was someone else's pending grant: it stays that person's.
    const bertil = await prisma.membership.findFirstOrThrow({
      where: { organisationId: org.organisationId, email: `bertil.${org.orgNumber}@riktiga.se` },
    });
    expect(bertil).toMatchObject({ userId: null, role: "official" });

    // A second press, or a press on a stale card, changes nothing.
    const again = await org.officer.execute("adminAcceptOfficer", { orderId: order.id });
    expect(cardText(again)).toContain(sv.admin.errors.notFound);
    expect(await prisma.licence.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("declined by the organisation's officer, links and issues nothing, and the tenant may order again", async () => {
    const org = await existingOrganisation();
    const { orderer, order } = await orderFromAnotherTenant(org.orgNumber);
    await approveLinked(order.number);

    const card = await org.officer.execute("adminDeclineOfficer", { orderId: order.id });
    expect(cardText(card)).toContain(sv.admin.officerDeclined);
    expect(await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "declined" });
    expect(await linkOf(org.organisationId, orderer.tenantId)).toBeNull();
    expect(await prisma.licence.count({ where: { orderId: order.id } })).toBe(0);
    expect(await prisma.auditEntry.count({ where: { action: "officer.decline", subject: `order:${order.id}` } })).toBe(
      1,
    );
    await orderer.say("admin");
    expect(cardText(orderer.lastCard())).toContain(sv.access.noLicenceTitle);
    for (const secret of secretsOf(org)) expect(cardText(orderer.lastCard())).not.toContain(secret);
    await orderer.say("beställ");
    expect(cardText(orderer.lastCard())).toContain(sv.order.intro);
  });

  it("cannot be accepted by an officer of another organisation, nor by the orderer", async () => {
    const org = await existingOrganisation();
    const other = await existingOrganisation();
    const { orderer, order } = await orderFromAnotherTenant(org.orgNumber);
    await approveLinked(order.number);

    const card = await other.officer.execute("adminAcceptOfficer", { orderId: order.id });
    expect(cardText(card)).toContain(sv.admin.errors.notFound);
    await orderer.execute("adminAcceptOfficer", { orderId: order.id });
    expect(await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "awaiting_confirmation",
    });
    await other.officer.say("admin");
    expect(cardText(other.officer.lastCard())).not.toContain("Mallory Mellanhand");
  });

  it("can be accepted by the operator instead, audited as the operator's decision", async () => {
    const org = await existingOrganisation();
    const { orderer, order } = await orderFromAnotherTenant(org.orgNumber);
    await approveLinked(order.number);

    const response = await adminFetch(harness.url, `/officers/${order.number}/accept`, { body: {} });
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).order.status).toBe("approved");
    expect(await linkOf(org.organisationId, orderer.tenantId)).not.toBeNull();
    expect(await prisma.auditEntry.count({ where: { action: "officer.accept", actor: "operator" } })).toBeGreaterThan(
      0,
    );
    await orderer.say("admin");
    expect(cardText(orderer.lastCard())).toContain(fill(sv.admin.title, { organisation: org.orgName }));
    expect((await adminFetch(harness.url, `/officers/${order.number}/decline`, { body: {} })).status).toBe(409);
  });
});

describe("a licence granted by the operator for an existing organisation number", () => {
  const grant = (tenant: string, orgNumber: string, extra: Record<string, unknown> = {}) =>
    adminFetch(harness.url, "/licenses", {
      body: { tenant, org: "Någon kommun", orgNumber, kind: "kommun", officer: "ny@annan.se", ...extra },
    });

  it("from another tenant is refused without --link-existing, and links with it", async () => {
    const org = await existingOrganisation();
    const tenant = newTenantId();
    const refused = await grant(tenant, org.orgNumber.replace("-", ""));
    expect(refused.status).toBe(409);
    expect((await jsonOf(refused)).error).toContain("belongs to an existing organisation");
    expect(await linkOf(org.organisationId, tenant)).toBeNull();

    const linked = await grant(tenant, org.orgNumber, { linkExisting: true });
    expect(linked.status).toBe(201);
    expect((await jsonOf(linked)).license.tenants).toEqual(expect.arrayContaining([org.tenantId, tenant]));
  });

  it("for the organisation's own tenant is a renewal and needs no confirmation", async () => {
    const org = await existingOrganisation();
    expect((await grant(org.tenantId, org.orgNumber, { officer: undefined })).status).toBe(201);
  });

  it("is refused by the CLI with the same explanation", async () => {
    const org = await existingOrganisation();
    const run = await cli([
      "licenses",
      "grant",
      "--tenant",
      newTenantId(),
      "--org",
      "X",
      "--org-number",
      org.orgNumber,
      "--kind",
      "kommun",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("belongs to an existing organisation");
  });
});

describe("one open order per tenant", () => {
  const form = (i: number) => ({
    orgName: `Samtidiga kommunen ${i}`,
    orgNumber: newOrgNumber(),
    kind: "kommun",
    ordererName: "Sam Samtidig",
    ordererEmail: "sam@samtidiga.se",
    ordererPhone: "070-111 22 33",
    invoiceReference: `Ref ${i}`,
    acceptPrice: "true",
  });

  it("two orders submitted at the same moment from one tenant make one order and one friendly answer", async () => {
    // Several tenants at once, two people in each, so the two submits really overlap.
    const tenants = Array.from({ length: 6 }, () => newTenantId());
    const results = await Promise.all(
      tenants.map(async (tenantId) => {
        const users = [harness.newUser({ tenantId }), harness.newUser({ tenantId })];
        return { tenantId, cards: await Promise.all(users.map((user, i) => user.execute("submitOrder", form(i)))) };
      }),
    );

    for (const { tenantId, cards } of results) {
      const orders = await prisma.order.findMany({ where: { tenantId } });
      expect(orders).toHaveLength(1);
      const texts = cards.map(cardText);
      expect(texts.filter((t) => t.includes(sv.order.receivedTitle))).toHaveLength(1);
      expect(texts.filter((t) => t.includes(fill(sv.order.duplicate, { number: orders[0]!.number })))).toHaveLength(1);
    }
  });

  it("holds when the orders reach the order book in the same instant, as from two bot instances", async () => {
    const tenantId = newTenantId();
    const { orders } = harness.bot.services.licensing;
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) => {
        const { acceptPrice: _accepted, ...values } = form(i);
        return orders.place({ tenantId, userId: `aad-${i}` }, { ...values, kind: "kommun" });
      }),
    );
    expect(await prisma.order.count({ where: { tenantId } })).toBe(1);
    expect(results.filter((r) => r.kind === "created")).toHaveLength(1);
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
  });

  it("holds for five at once from one user as well", async () => {
    const user = harness.newUser({ tenantId: newTenantId() });
    const cards = await Promise.all([0, 1, 2, 3, 4].map((i) => user.execute("submitOrder", form(i))));
    expect(await prisma.order.count({ where: { tenantId: user.tenantId } })).toBe(1);
    for (const card of cards) expect(cardText(card)).not.toContain(sv.errors.generic);
  });

  it("is a rule of the database, not only of the code", async () => {
    const tenantId = newTenantId();
    const row = (number: string, status = "pending") => ({
      id: randomUUID(),
      number,
      tenantId,
      orgName: "Direktkommunen",
      orgNumber: newOrgNumber(),
      kind: "kommun",
      ordererName: "D",
      ordererEmail: "d@d.se",
      ordererPhone: "070-000 00 00",
      invoiceReference: "R",
      priceExclVatOre: 100_000,
      status,
    });
    const tag = randomUUID().slice(0, 8);
    await prisma.order.create({ data: row(`T-${tag}-1`) });
    await expect(prisma.order.create({ data: row(`T-${tag}-2`) })).rejects.toThrow(/order_one_open_per_tenant/);
    await expect(prisma.order.create({ data: row(`T-${tag}-3`, "awaiting_confirmation") })).rejects.toThrow(
      /order_one_open_per_tenant/,
    );
    // Decided orders do not count: a tenant may order again after a rejection.
    await prisma.order.create({ data: row(`T-${tag}-4`, "rejected") });
  });
});

describe("a security officer added by e-mail", () => {
  it("becomes one only as the person with that e-mail in the organisation's own tenants, identified by Teams", async () => {
    const org = await existingOrganisation();
    const email = `ny.${org.orgNumber}@riktiga.se`;
    await org.officer.execute("adminAddOfficer", { officerEmail: email });

    // Someone in another tenant whose Teams account carries the same address gets nothing.
    const outsider = harness.newUser({ tenantId: newTenantId() });
    harness.connector.members.set(`29:${outsider.userId}`, { email, name: "Utomstående" });
    await outsider.say("admin");
    for (const secret of secretsOf(org)) expect(cardText(outsider.lastCard())).not.toContain(secret);
    expect(await prisma.membership.findFirstOrThrow({ where: { email } })).toMatchObject({ userId: null });

    // The person in the organisation's tenant becomes an officer on first contact.
    const insider = harness.newUser({ tenantId: org.tenantId });
    harness.connector.members.set(`29:${insider.userId}`, { email, name: "Ny Säkerhetsansvarig" });
    await insider.say("admin");
    expect(cardText(insider.lastCard())).toContain(fill(sv.admin.title, { organisation: org.orgName }));
  });
});
