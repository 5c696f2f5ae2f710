import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/generated/prisma";
import { swedishDate } from "../../src/domain/licensing/calendar";
import { createLicensing } from "../../src/domain/licensing/licensing";
import { DATABASE_KINDS } from "../support/database-targets";
import { postgresAvailable } from "../support/postgres";
import { startBotUnderTest, useBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { adminFetch, adminToken, jsonOf, newOrgNumber, newTenantId, placeOrder } from "./admin-helpers";

const nextYear = `${new Date().getFullYear() + 1}-06-30`;
const inTwoYears = `${new Date().getFullYear() + 2}-12-31`;

describe("the admin API when ADMIN_TOKEN is not set", () => {
  const harness = useBotUnderTest("pglite");

  it("does not exist: every admin path answers 404, with or without a token", async () => {
    for (const path of ["/orders", "/licenses", "/invoices?month=2026-01"]) {
      expect((await adminFetch(harness.url, path)).status).toBe(404);
      expect((await adminFetch(harness.url, path, { token: null })).status).toBe(404);
    }
    expect((await adminFetch(harness.url, "/licenses", { body: {} })).status).toBe(404);
  });
});

describe("the admin API", async () => {
  const pgAvailable = await postgresAvailable;

  for (const kind of DATABASE_KINDS) {
    describe.skipIf(kind === "postgres" && !pgAvailable)(`on ${kind}`, () => {
      let harness: BotUnderTest;
      let prisma: PrismaClient;
      const auditFor = (subject: string) => prisma.auditEntry.findMany({ where: { subject }, orderBy: { at: "asc" } });
      /** A gate with an empty cache, so it sees what the database says now. */
      const accessFor = (tenantId: string, userId: string, email?: string) =>
        createLicensing(harness.bot.database).gate.accessFor(
          tenantId,
          userId,
          email ? async () => ({ email }) : undefined,
        );

      beforeAll(async () => {
        harness = await startBotUnderTest(kind, { ADMIN_TOKEN: adminToken });
        prisma = harness.bot.database.prisma;
      });
      afterAll(() => harness?.stop());

      describe("authentication", () => {
        it("refuses a request without a token with 401 and WWW-Authenticate: Bearer", async () => {
          const response = await adminFetch(harness.url, "/orders", { token: null });
          expect(response.status).toBe(401);
          expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
          expect(await jsonOf(response)).toEqual({ error: expect.stringMatching(/token/i) });
        });

        it("refuses a wrong token, a token with a different length and another scheme with 401", async () => {
          expect((await adminFetch(harness.url, "/orders", { token: adminToken.replace(/.$/, "X") })).status).toBe(401);
          expect((await adminFetch(harness.url, "/orders", { token: "short" })).status).toBe(401);
          const basic = await fetch(`${harness.url}/api/admin/orders`, {
            headers: { authorization: `Basic ${Buffer.from(`operator:${adminToken}`).toString("base64")}` },
          });
          expect(basic.status).toBe(401);
        });

        it("checks the token before the body: a wrong token on a change writes nothing", async () => {
          const { order } = await placeOrder(harness.bot.database);
          const response = await adminFetch(harness.url, `/orders/${order.id}/approve`, { body: {}, token: "wrong" });
          expect(response.status).toBe(401);
          expect((await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("pending");
          expect(await auditFor(`order:${order.id}`)).toEqual([]);
        });
      });

      describe("orders", () => {
        it("lists orders with plain data, and filters them by status", async () => {
          const { order, tenantId } = await placeOrder(harness.bot.database, { orgName: "Listkommun" });
          const all = await adminFetch(harness.url, "/orders");
          expect(all.status).toBe(200);
          expect(all.headers.get("cache-control")).toBe("no-store");
          const { orders } = await jsonOf(all);
          expect(orders).toContainEqual(
            expect.objectContaining({
              id: order.id,
              number: order.number,
              status: "pending",
              tenantId,
              organisation: "Listkommun",
              orgNumber: order.orgNumber,
              kind: "kommun",
              orderer: { name: "Sara Säkerhet", email: "sara.sakerhet@testkommun.se", phone: "+46 70 123 45 67" },
              priceExclVat: 1000,
              orderDate: swedishDate(new Date()),
              decidedAt: null,
            }),
          );
          const pending = await jsonOf(await adminFetch(harness.url, "/orders?status=pending"));
          expect(pending.orders.every((o: { status: string }) => o.status === "pending")).toBe(true);
          expect(pending.orders.map((o: { id: string }) => o.id)).toContain(order.id);
          const rejected = await jsonOf(await adminFetch(harness.url, "/orders?status=rejected"));
          expect(rejected.orders.map((o: { id: string }) => o.id)).not.toContain(order.id);
        });

        it("answers an unknown status with 400 naming the field", async () => {
          const response = await adminFetch(harness.url, "/orders?status=waiting");
          expect(response.status).toBe(400);
          expect((await jsonOf(response)).error).toMatch(
            /^status: must be one of pending, awaiting_confirmation, approved, rejected, declined/,
          );
        });

        it("approves a pending order: licence issued, orderer is security officer, audited as the operator", async () => {
          const { order, tenantId, userId } = await placeOrder(harness.bot.database, { orgName: "Godkändkommun" });
          expect(await accessFor(tenantId, userId)).toEqual({ kind: "noLicence", problem: "unlicensed" });

          const response = await adminFetch(harness.url, `/orders/${order.id}/approve`, {
            body: { validUntil: nextYear },
          });
          expect(response.status).toBe(200);
          const body = await jsonOf(response);
          expect(body.order).toMatchObject({ id: order.id, status: "approved", decidedAt: expect.any(String) });
          expect(body.license).toMatchObject({
            organisation: "Godkändkommun",
            orgNumber: order.orgNumber,
            tenants: [tenantId],
            status: "active",
            validUntil: nextYear,
          });

          expect(await accessFor(tenantId, userId)).toMatchObject({ kind: "granted", role: "officer" });
          const approval = await auditFor(`order:${order.id}`);
          expect(approval).toEqual([
            expect.objectContaining({
              actor: "operator",
              action: "order.approve",
              before: { status: "pending" },
              after: { status: "approved", validUntil: nextYear },
              at: expect.any(Date),
            }),
          ]);
          const grant = await auditFor(`organisation:${body.license.organisationId}`);
          expect(grant).toContainEqual(
            expect.objectContaining({ actor: "operator", action: "licence.grant", after: expect.anything() }),
          );
        });

        it("approves by order number too, a year ahead when no date is given", async () => {
          const { order } = await placeOrder(harness.bot.database);
          const response = await adminFetch(harness.url, `/orders/${order.number}/approve`, { body: {} });
          expect(response.status).toBe(200);
          const { license } = await jsonOf(response);
          expect(license.validUntil.slice(0, 4)).toBe(String(Number(swedishDate(new Date()).slice(0, 4)) + 1));
        });

        it("answers a second approval with 409 and writes no second audit row", async () => {
          const { order } = await placeOrder(harness.bot.database);
          expect((await adminFetch(harness.url, `/orders/${order.id}/approve`, { body: {} })).status).toBe(200);
          const again = await adminFetch(harness.url, `/orders/${order.id}/approve`, { body: {} });
          expect(again.status).toBe(409);
          expect((await jsonOf(again)).error).toBe(`Order ${order.number} is already approved`);
          expect(await auditFor(`order:${order.id}`)).toHaveLength(1);
        });

        it("answers an unknown order with 404", async () => {
          const response = await adminFetch(harness.url, "/orders/B-1999-0001/approve", { body: {} });
          expect(response.status).toBe(404);
          expect((await jsonOf(response)).error).toBe("No order B-1999-0001");
          expect((await adminFetch(harness.url, "/orders/B-1999-0001/reject", { body: { reason: "x" } })).status).toBe(
            404,
          );
        });

        it("refuses an approval date that is not a date, or already past, with 400", async () => {
          const { order } = await placeOrder(harness.bot.database);
          for (const validUntil of ["2027-02-30", "31/12/2027", 20271231, "2001-01-01"]) {
            const response = await adminFetch(harness.url, `/orders/${order.id}/approve`, { body: { validUntil } });
            expect(response.status).toBe(400);
            expect((await jsonOf(response)).error).toMatch(/^validUntil: /);
          }
          expect((await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("pending");
        });

        it("rejects an order only with a reason, and audits the reason", async () => {
          const { order, tenantId, userId } = await placeOrder(harness.bot.database);
          for (const body of [{}, { reason: "   " }, { reason: 42 }]) {
            const refused = await adminFetch(harness.url, `/orders/${order.id}/reject`, { body });
            expect(refused.status).toBe(400);
            expect((await jsonOf(refused)).error).toMatch(/^reason: /);
          }
          const response = await adminFetch(harness.url, `/orders/${order.id}/reject`, {
            body: { reason: "Organisationsnumret hör inte till kommunen" },
          });
          expect(response.status).toBe(200);
          expect((await jsonOf(response)).order).toMatchObject({
            status: "rejected",
            rejectReason: "Organisationsnumret hör inte till kommunen",
          });
          expect(await auditFor(`order:${order.id}`)).toEqual([
            expect.objectContaining({
              actor: "operator",
              action: "order.reject",
              before: { status: "pending" },
              after: { status: "rejected", reason: "Organisationsnumret hör inte till kommunen" },
            }),
          ]);
          expect(await accessFor(tenantId, userId)).toEqual({ kind: "noLicence", problem: "unlicensed" });
          const approve = await adminFetch(harness.url, `/orders/${order.id}/approve`, { body: {} });
          expect(approve.status).toBe(409);
        });
      });

      describe("licences", () => {
        it("grants a licence taken outside the bot; the officer gets access by e-mail; audited", async () => {
          const tenant = newTenantId();
          const orgNumber = newOrgNumber();
          const response = await adminFetch(harness.url, "/licenses", {
            body: {
              tenant,
              org: "Region Utanför",
              orgNumber: orgNumber.replace("-", ""),
              kind: "region",
              officer: "Officer@Region.se",
              validUntil: nextYear,
            },
          });
          expect(response.status).toBe(201);
          const { license } = await jsonOf(response);
          expect(license).toEqual({
            organisationId: expect.any(String),
            organisation: "Region Utanför",
            orgNumber,
            kind: "region",
            tenants: [tenant],
            status: "active",
            validUntil: nextYear,
            accessMode: "granted",
          });
          expect(await accessFor(tenant, "29:officer", "officer@region.se")).toMatchObject({
            kind: "granted",
            role: "officer",
          });
          expect(await auditFor(`organisation:${license.organisationId}`)).toContainEqual(
            expect.objectContaining({
              actor: "operator",
              action: "licence.grant",
              after: expect.objectContaining({ tenantId: tenant, orgNumber }),
            }),
          );

          const list = await jsonOf(await adminFetch(harness.url, "/licenses"));
          expect(list.licenses).toContainEqual(license);
        });

        it("refuses a grant with a bad field with 400 naming the field", async () => {
          const valid = { tenant: newTenantId(), org: "Felkommun", orgNumber: newOrgNumber(), kind: "kommun" };
          const cases: Array<[Record<string, unknown>, RegExp]> = [
            [{ ...valid, orgNumber: "212000-1356" }, /^orgNumber: must be a Swedish organisation number/],
            [{ ...valid, orgNumber: "19800101-1234" }, /^orgNumber: /],
            [{ ...valid, kind: "landsting" }, /^kind: must be one of kommun, region/],
            [{ ...valid, tenant: undefined }, /^tenant: is required/],
            [{ ...valid, org: "" }, /^org: must not be empty/],
            [{ ...valid, officer: "not-an-address" }, /^officer: must be an e-mail address/],
            [{ ...valid, validUntil: "2027-13-01" }, /^validUntil: must be a date YYYY-MM-DD/],
            [{ ...valid, orgnumber: "212000-1355" }, /orgnumber/],
          ];
          for (const [body, message] of cases) {
            const response = await adminFetch(harness.url, "/licenses", { body });
            expect(response.status, JSON.stringify(body)).toBe(400);
            expect((await jsonOf(response)).error).toMatch(message);
          }
          expect(await prisma.organisation.count({ where: { name: "Felkommun" } })).toBe(0);
        });

        it("revokes a tenant's licence: access ends at once, each revocation audited", async () => {
          const { order, tenantId, userId } = await placeOrder(harness.bot.database);
          await adminFetch(harness.url, `/orders/${order.id}/approve`, { body: {} });
          expect(await accessFor(tenantId, userId)).toMatchObject({ kind: "granted" });

          const response = await adminFetch(harness.url, "/licenses/revoke", { body: { tenant: tenantId } });
          expect(response.status).toBe(200);
          const body = await jsonOf(response);
          expect(body).toMatchObject({ revoked: 1, licenses: [expect.objectContaining({ status: "revoked" })] });
          expect(await accessFor(tenantId, userId)).toEqual({ kind: "noLicence", problem: "revoked" });
          // The bot's own gate is told too, not only a fresh one.
          expect(await harness.bot.services.licensing.gate.accessFor(tenantId, userId)).toEqual({
            kind: "noLicence",
            problem: "revoked",
          });

          const licence = await prisma.licence.findFirstOrThrow({ where: { orderId: order.id } });
          expect(await auditFor(`licence:${licence.id}`)).toEqual([
            expect.objectContaining({
              actor: "operator",
              action: "licence.revoke",
              before: { revokedAt: null },
              after: { revokedAt: expect.any(String) },
            }),
          ]);
          const again = await jsonOf(await adminFetch(harness.url, "/licenses/revoke", { body: { tenant: tenantId } }));
          expect(again.revoked).toBe(0);
        });

        it("answers revoke and extend for an unknown tenant with 404", async () => {
          const tenant = newTenantId();
          const revoke = await adminFetch(harness.url, "/licenses/revoke", { body: { tenant } });
          expect(revoke.status).toBe(404);
          expect((await jsonOf(revoke)).error).toBe(`No organisation is linked to tenant ${tenant}`);
          const extend = await adminFetch(harness.url, "/licenses/extend", { body: { tenant, until: nextYear } });
          expect(extend.status).toBe(404);
        });

        it("extends a licence to a new end date, audited with the old and new date", async () => {
          const { order, tenantId } = await placeOrder(harness.bot.database);
          await adminFetch(harness.url, `/orders/${order.id}/approve`, { body: { validUntil: nextYear } });
          const response = await adminFetch(harness.url, "/licenses/extend", {
            body: { tenant: tenantId, until: inTwoYears },
          });
          expect(response.status).toBe(200);
          expect((await jsonOf(response)).licenses).toEqual([
            expect.objectContaining({ tenants: [tenantId], status: "active", validUntil: inTwoYears }),
          ]);
          const licence = await prisma.licence.findFirstOrThrow({ where: { orderId: order.id } });
          const [entry] = await auditFor(`licence:${licence.id}`);
          expect(entry).toMatchObject({ actor: "operator", action: "licence.extend" });
          expect(swedishDate(new Date((entry.before as { validUntil: string }).validUntil))).toBe(nextYear);
          expect(swedishDate(new Date((entry.after as { validUntil: string }).validUntil))).toBe(inTwoYears);
        });

        it("refuses to extend a revoked licence (409) and a date that is not a date (400)", async () => {
          const { order, tenantId } = await placeOrder(harness.bot.database);
          await adminFetch(harness.url, `/orders/${order.id}/approve`, { body: {} });
          const badDate = await adminFetch(harness.url, "/licenses/extend", {
            body: { tenant: tenantId, until: "snart" },
          });
          expect(badDate.status).toBe(400);
          expect((await jsonOf(badDate)).error).toMatch(/^until: must be a date YYYY-MM-DD/);
          await adminFetch(harness.url, "/licenses/revoke", { body: { tenant: tenantId } });
          const revoked = await adminFetch(harness.url, "/licenses/extend", {
            body: { tenant: tenantId, until: inTwoYears },
          });
          expect(revoked.status).toBe(409);
          expect((await jsonOf(revoked)).error).toMatch(/grant a new one/);
        });
      });

      describe("invoices", () => {
        it("exports the month's approved orders as CSV with amounts excl. VAT, VAT and total", async () => {
          const { order } = await placeOrder(harness.bot.database, {
            orgName: "Fakturakommun",
            invoiceReference: "KS-2026/17",
          });
          await adminFetch(harness.url, `/orders/${order.id}/approve`, { body: {} });
          const month = swedishDate(new Date()).slice(0, 7);
          const response = await adminFetch(harness.url, `/invoices?month=${month}`);
          expect(response.status).toBe(200);
          expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
          expect(response.headers.get("content-disposition")).toBe(`attachment; filename="invoices-${month}.csv"`);
          const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
          expect(csv.startsWith("\uFEFF")).toBe(true);
          const lines = csv.slice(1).trimEnd().split("\r\n");
          expect(lines[0]).toBe(
            "organisation;org_number;order_number;invoice_reference;order_date;amount_excl_vat;vat;total",
          );
          expect(lines).toContain(
            `Fakturakommun;${order.orgNumber};${order.number};KS-2026/17;${swedishDate(order.createdAt)};1000.00;250.00;1250.00`,
          );
        });

        it("answers a missing or malformed month with 400", async () => {
          for (const query of ["", "?month=2026-13", "?month=2026-1", "?month=januari"]) {
            const response = await adminFetch(harness.url, `/invoices${query}`);
            expect(response.status, query).toBe(400);
            expect((await jsonOf(response)).error).toMatch(/^month: /);
          }
        });
      });

      describe("the edges", () => {
        it("answers a body that is not JSON with 400 and no stack trace", async () => {
          const response = await fetch(`${harness.url}/api/admin/licenses`, {
            method: "POST",
            headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
            body: "{not json",
          });
          expect(response.status).toBe(400);
          const text = await response.text();
          expect(JSON.parse(text)).toEqual({ error: "The body is not valid JSON" });
          expect(text).not.toMatch(/SyntaxError|at .*\.(js|ts)/);
        });

        it("has no endpoint for reflections or incidents, and no answer contains what a user wrote", async () => {
          const secret = `Min hemliga reflektion ${newTenantId()}`;
          await harness.bot.services.reflections.save({ userId: "29:writer" }, "tema-1", "steg-5", secret);
          for (const path of ["/reflections", "/incidents", "/users/29:writer/reflections"]) {
            const response = await adminFetch(harness.url, path);
            expect(response.status, path).toBe(404);
            expect(await jsonOf(response)).toEqual({ error: "No such admin endpoint" });
          }
          const month = swedishDate(new Date()).slice(0, 7);
          for (const path of ["/orders", "/licenses", `/invoices?month=${month}`, `/audit?since=${month}-01`]) {
            expect(await (await adminFetch(harness.url, path)).text()).not.toContain(secret);
          }
        });
      });
    });
  }
});
