import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/generated/prisma";
import { swedishDate } from "../../src/domain/licensing/calendar";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { adminToken, newOrgNumber, newTenantId, placeOrder, runAdminCli as cli } from "./admin-helpers";

const nextYear = `${new Date().getFullYear() + 1}-03-31`;
const inTwoYears = `${new Date().getFullYear() + 2}-03-31`;

describe("the admin CLI", () => {
  let harness: BotUnderTest;
  let prisma: PrismaClient;
  let env: Record<string, string>;
  const admin = (...args: string[]) => cli(args, env);

  beforeAll(async () => {
    harness = await startBotUnderTest("pglite", { ADMIN_TOKEN: adminToken });
    prisma = harness.bot.database.prisma;
    env = { ADMIN_URL: harness.url, ADMIN_TOKEN: adminToken };
  });
  afterAll(() => harness?.stop());

  describe("usage", () => {
    it("prints the commands with --help and exits 0", async () => {
      const run = await cli(["--help"], {});
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: npm run admin -- <command>/);
      for (const command of [
        "orders list",
        "orders approve",
        "orders reject",
        "licenses list",
        "licenses grant",
        "licenses revoke",
        "licenses extend",
        "invoices export",
      ])
        expect(run.stdout).toContain(command);
    });

    it("exits 2 with a short explanation for a missing or unknown command, option or argument", async () => {
      const cases: Array<[string[], RegExp]> = [
        [[], /No command given/],
        [["orders", "delete"], /Unknown command: orders delete/],
        [["orders", "approve"], /orders approve needs <id\|number>/],
        [["orders", "reject", "B-2026-0001"], /orders reject needs --reason/],
        [["licenses", "grant", "--tenant", "t"], /needs --org, --org-number, --kind/],
        [["licenses", "list", "--tenant", "t"], /licenses list does not take --tenant/],
        [["orders", "list", "--colour"], /Unknown option '--colour'/],
        [["invoices", "export", "--month", "2026-01", "--json"], /prints CSV/],
      ];
      const runs = await Promise.all(cases.map(([args]) => admin(...args)));
      for (const [i, [args, message]] of cases.entries()) {
        const run = runs[i];
        expect(run.code, args.join(" ")).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stderr).toContain("npm run admin -- --help");
        expect(run.stdout).toBe("");
      }
    });
  });

  describe("failures", () => {
    it("exits 1 and says the token is wrong when the API answers 401", async () => {
      const run = await cli(["orders", "list"], { ...env, ADMIN_TOKEN: "wrong-token-wrong-token-wrong" });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/refused the token \(401\)/);
      expect(run.stdout).toBe("");
    });

    it("exits 1 when ADMIN_TOKEN is not set", async () => {
      const run = await cli(["orders", "list"], { ADMIN_URL: harness.url, ADMIN_TOKEN: "" });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/ADMIN_TOKEN is not set/);
    });

    it("names the URL and what to check when the bot cannot be reached", async () => {
      const unused = await new Promise<number>((resolve) => {
        const probe = express().listen(0, "127.0.0.1", () => {
          const port = (probe.address() as AddressInfo).port;
          probe.close(() => resolve(port));
        });
      });
      const run = await cli(["licenses", "list"], { ADMIN_TOKEN: adminToken, PORT: String(unused) });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Cannot reach the bot at http://localhost:${unused}`);
      expect(run.stderr).toMatch(/must be running, with ADMIN_TOKEN set/);
    });

    it("says the admin API is off when the bot answers without it", async () => {
      const server = await new Promise<Server>((resolve) => {
        const listening = express().listen(0, "127.0.0.1", () => resolve(listening));
      });
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const run = await cli(["orders", "list"], { ADMIN_URL: url, ADMIN_TOKEN: adminToken });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`There is no admin API at ${url}/api/admin (404)`);
        expect(run.stderr).toMatch(/ADMIN_TOKEN set/);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it("passes the API's reason on and exits 1 when a command is refused", async () => {
      const grant = await admin(
        "licenses",
        "grant",
        "--tenant",
        newTenantId(),
        "--org",
        "Felkommun",
        "--org-number",
        "212000-1356",
        "--kind",
        "kommun",
      );
      expect(grant.code).toBe(1);
      expect(grant.stderr).toMatch(/Refused \(400\): orgNumber: must be a Swedish organisation number/);

      const tenant = newTenantId();
      const revoke = await admin("licenses", "revoke", "--tenant", tenant);
      expect(revoke.code).toBe(1);
      expect(revoke.stderr).toContain(`Not found: No organisation is linked to tenant ${tenant}`);
    });
  });

  describe("orders", () => {
    it("lists orders as an aligned table, filtered by status", async () => {
      const { order } = await placeOrder(harness.bot.database, { orgName: "Tabellkommun" });
      const run = await admin("orders", "list", "--status", "pending");
      expect(run.code).toBe(0);
      const [header, rule, ...rows] = run.stdout.trimEnd().split("\n");
      expect(header).toMatch(/^NUMBER\s+STATUS\s+ORDERED\s+ORGANISATION\s+ORG NUMBER\s+KIND\s+ORDERER\s+TENANT$/);
      expect(rule).toMatch(/^-+( +-+)+$/);
      const row = rows.find((line) => line.startsWith(order.number))!;
      expect(row).toBeDefined();
      expect(row.indexOf("pending")).toBe(header.indexOf("STATUS"));
      expect(row.indexOf("Tabellkommun")).toBe(header.indexOf("ORGANISATION"));
      expect(row.indexOf(order.orgNumber)).toBe(header.indexOf("ORG NUMBER"));
    });

    it("prints the orders as JSON with --json", async () => {
      const { order } = await placeOrder(harness.bot.database);
      const run = await admin("orders", "list", "--json");
      expect(run.code).toBe(0);
      const body = JSON.parse(run.stdout);
      expect(body.orders).toContainEqual(expect.objectContaining({ id: order.id, number: order.number }));
    });

    it("approves an order by number; a second approval exits 1", async () => {
      const { order, tenantId } = await placeOrder(harness.bot.database, { orgName: "Godkändkommun" });
      const run = await admin("orders", "approve", order.number, "--valid-until", nextYear);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Approved order ${order.number}: Godkändkommun (${order.orgNumber})`);
      expect(run.stdout).toContain(`tenant ${tenantId}, licence valid until ${nextYear}`);
      const audit = await prisma.auditEntry.findMany({ where: { subject: `order:${order.id}` } });
      expect(audit).toEqual([expect.objectContaining({ actor: "operator", action: "order.approve" })]);

      const again = await admin("orders", "approve", order.id, "--json");
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`Refused (409): Order ${order.number} is already approved`);
    });

    it("approves with --json for scripts", async () => {
      const { order } = await placeOrder(harness.bot.database);
      const run = await admin("orders", "approve", order.id, "--json");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ order: { id: order.id, status: "approved" } });
    });

    it("rejects an order with a reason", async () => {
      const { order } = await placeOrder(harness.bot.database, { orgName: "Avslagskommun" });
      const run = await admin("orders", "reject", order.number, "--reason", "Fel organisationsnummer");
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`Rejected order ${order.number} (Avslagskommun): Fel organisationsnummer\n`);
      expect((await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("rejected");
    });
  });

  describe("licences", () => {
    it("grants, lists, extends and revokes a licence taken outside the bot", async () => {
      const tenant = newTenantId();
      const orgNumber = newOrgNumber();
      const grant = await admin(
        "licenses",
        "grant",
        "--tenant",
        tenant,
        "--org",
        "Region Kommandorad",
        "--org-number",
        orgNumber,
        "--kind",
        "region",
        "--officer",
        "officer@region.se",
        "--valid-until",
        nextYear,
      );
      expect(grant.code).toBe(0);
      expect(grant.stdout).toBe(
        `Licence granted: Region Kommandorad (${orgNumber}, region), tenant ${tenant}, valid until ${nextYear}.\n`,
      );

      const list = await admin("licenses", "list");
      expect(list.code).toBe(0);
      const [header, , ...rows] = list.stdout.trimEnd().split("\n");
      expect(header).toMatch(/^ORGANISATION\s+ORG NUMBER\s+KIND\s+STATUS\s+VALID UNTIL\s+ACCESS\s+TENANTS$/);
      const row = rows.find((line) => line.startsWith("Region Kommandorad"))!;
      expect(row.indexOf(orgNumber)).toBe(header.indexOf("ORG NUMBER"));
      expect(row.indexOf("active")).toBe(header.indexOf("STATUS"));
      expect(row.indexOf(nextYear)).toBe(header.indexOf("VALID UNTIL"));
      expect(row.indexOf(tenant)).toBe(header.indexOf("TENANTS"));

      const json = JSON.parse((await admin("licenses", "list", "--json")).stdout);
      expect(json.licenses).toContainEqual(
        expect.objectContaining({ orgNumber, tenants: [tenant], status: "active", validUntil: nextYear }),
      );

      const extend = await admin("licenses", "extend", "--tenant", tenant, "--until", inTwoYears);
      expect(extend.code).toBe(0);
      expect(extend.stdout).toContain(`Extended to ${inTwoYears}:`);
      expect(extend.stdout).toMatch(new RegExp(`Region Kommandorad .*${inTwoYears}`));

      const revoke = await admin("licenses", "revoke", "--tenant", tenant);
      expect(revoke.code).toBe(0);
      expect(revoke.stdout).toContain(`Revoked 1 licence for tenant ${tenant}.`);
      const revokeAgain = await admin("licenses", "revoke", "--tenant", tenant, "--json");
      expect(JSON.parse(revokeAgain.stdout)).toMatchObject({ revoked: 0 });

      const organisation = await prisma.organisation.findUniqueOrThrow({ where: { orgNumber } });
      const licence = await prisma.licence.findFirstOrThrow({ where: { organisationId: organisation.id } });
      const actions = await prisma.auditEntry.findMany({
        where: { subject: { in: [`organisation:${organisation.id}`, `licence:${licence.id}`] } },
        orderBy: { at: "asc" },
      });
      expect(actions.map((a) => [a.actor, a.action])).toEqual([
        ["operator", "licence.grant"],
        ["operator", "licence.extend"],
        ["operator", "licence.revoke"],
      ]);
    });

    it("accepts the British spelling 'licences' too", async () => {
      const run = await admin("licences", "list", "--json");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toHaveProperty("licenses");
    });
  });

  describe("invoices", () => {
    it("exports the month's invoices as CSV to stdout, or to a file with --out", async () => {
      const { order } = await placeOrder(harness.bot.database, { orgName: "Fakturakommun" });
      expect((await admin("orders", "approve", order.number)).code).toBe(0);
      const month = swedishDate(new Date()).slice(0, 7);

      const run = await admin("invoices", "export", "--month", month);
      expect(run.code).toBe(0);
      expect(run.stdout.startsWith("\uFEFF")).toBe(true);
      const lines = run.stdout.slice(1).trimEnd().split("\r\n");
      expect(lines[0]).toBe(
        "organisation;org_number;order_number;invoice_reference;order_date;amount_excl_vat;vat;total",
      );
      expect(lines).toContain(
        `Fakturakommun;${order.orgNumber};${order.number};Ref 123;${swedishDate(order.createdAt)};1000.00;250.00;1250.00`,
      );

      const dir = await mkdtemp(path.join(os.tmpdir(), "tsf-invoices-"));
      try {
        const file = path.join(dir, "fakturor.csv");
        const toFile = await admin("invoices", "export", "--month", month, "--out", file);
        expect(toFile.code).toBe(0);
        expect(toFile.stdout).toBe("");
        expect(toFile.stderr).toMatch(new RegExp(`Wrote \\d+ invoice lines? for ${month} to `));
        expect(await readFile(file, "utf8")).toBe(run.stdout);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("exits 1 with the API's reason for a malformed month", async () => {
      const run = await admin("invoices", "export", "--month", "2026-13");
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("Refused (400): month: must be a month YYYY-MM");
    });
  });
});
