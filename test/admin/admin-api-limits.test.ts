import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import { afterEach, describe, expect, it } from "vitest";
import { createAdminApi, type AdminRateLimits } from "../../src/operator/admin-api";
import { loadConfig } from "../../src/platform/config";
import type { PrismaClient } from "../../src/generated/prisma";
import type { Licensing } from "../../src/domain/licensing/licensing";
import { logger, tapLogs } from "../../src/platform/logger";
import { createServer } from "../../src/http/server";
import { adminFetch, adminToken } from "./admin-helpers";

/** The admin router alone on a free port, over a licensing stub: no database needed for these. */
async function serve(licences: Partial<Licensing["licences"]>, rateLimits?: AdminRateLimits) {
  const licensing = { licences } as unknown as Licensing;
  const app = express();
  app.use("/api/admin", createAdminApi({ licensing, prisma: {} as PrismaClient, token: adminToken, rateLimits }));
  return listen(app);
}

/** The bot's real HTTP edge with the admin API in it, as TRUST_PROXY configures it. */
async function serveBehindProxy(trustProxy: string | undefined) {
  const config = loadConfig({ NODE_ENV: "test", ...(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }) });
  const licensing = { licences: emptyList } as unknown as Licensing;
  return listen(
    createServer({
      adapter: {} as TeamsAdapter,
      handleTurn: async () => undefined,
      isReady: async () => true,
      adminApi: createAdminApi({ licensing, prisma: {} as PrismaClient, token: adminToken }),
      trustProxy: config.TRUST_PROXY,
    }),
  );
}

async function listen(app: express.Express) {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const emptyList = { list: async () => [] };

describe("the admin API's limits", () => {
  it("allows 60 requests a minute from one address, then answers 429 with Retry-After", async () => {
    const url = await serve(emptyList);
    for (let i = 0; i < 60; i++) expect((await adminFetch(url, "/licenses")).status).toBe(200);
    const refused = await adminFetch(url, "/licenses");
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({ error: "Too many requests; try again later" });
  });

  it("refuses further wrong tokens from an address for 15 minutes after 10, and the right token still works", async () => {
    const url = await serve(emptyList);
    for (let i = 0; i < 10; i++) expect((await adminFetch(url, "/licenses", { token: `guess-${i}` })).status).toBe(401);
    const locked = await adminFetch(url, "/licenses", { token: "guess-11" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect((await adminFetch(url, "/licenses", { token: null })).status).toBe(429);
    expect((await adminFetch(url, "/licenses")).status).toBe(200);
    expect((await adminFetch(url, "/licenses", { token: "guess-12" })).status).toBe(429);
  });

  it("keeps the operator's request budget to the operator: a flood of wrong tokens does not use it up", async () => {
    const url = await serve(emptyList, { requestsPerMinute: 3, failedAuthPer15Minutes: 100 });
    for (let i = 0; i < 20; i++) expect((await adminFetch(url, "/licenses", { token: `guess-${i}` })).status).toBe(401);
    expect((await adminFetch(url, "/licenses")).status).toBe(200);
  });

  const wrongFrom = (url: string, address: string) =>
    fetch(`${url}/api/admin/licenses`, { headers: { authorization: "Bearer wrong", "x-forwarded-for": address } });

  it("with TRUST_PROXY set, limits the addresses the proxy reports separately", async () => {
    const url = await serveBehindProxy("loopback");
    for (let i = 0; i < 10; i++) expect((await wrongFrom(url, "203.0.113.7")).status).toBe(401);
    expect((await wrongFrom(url, "203.0.113.7")).status).toBe(429);
    expect((await wrongFrom(url, "198.51.100.20")).status).toBe(401);
  });

  it("without TRUST_PROXY, believes no X-Forwarded-For: a client cannot escape its limit by inventing addresses", async () => {
    const url = await serveBehindProxy(undefined);
    for (let i = 0; i < 10; i++) expect((await wrongFrom(url, `203.0.113.${i}`)).status).toBe(401);
    expect((await wrongFrom(url, "198.51.100.20")).status).toBe(429);
  });

  it("logs failures and the lock-out with the address, never the token presented", async () => {
    const lines: string[] = [];
    const level = logger.level;
    logger.level = "warn";
    const untap = tapLogs((line) => lines.push(line));
    try {
      const url = await serve(emptyList, { failedAuthPer15Minutes: 2 });
      for (const guess of ["first-secret-guess-abc", "second-secret-guess-def", "third-secret-guess-ghi"])
        await adminFetch(url, "/licenses", { token: guess });
      await adminFetch(url, "/licenses");
    } finally {
      untap();
      logger.level = level;
    }
    const log = lines.join("");
    expect(log).toContain("missing or wrong bearer token");
    expect(log).toContain("address locked out");
    expect(log).toContain("locked-out address");
    expect(log).not.toMatch(/secret-guess|test-admin-token/);
  });

  it("takes its limits as options", async () => {
    const url = await serve(emptyList, { requestsPerMinute: 2, failedAuthPer15Minutes: 1 });
    expect((await adminFetch(url, "/licenses")).status).toBe(200);
    expect((await adminFetch(url, "/licenses")).status).toBe(200);
    expect((await adminFetch(url, "/licenses")).status).toBe(429);
  });

  it("answers an unexpected failure with 500 and a generic message: no stack, no internals", async () => {
    const url = await serve({
      list: async () => {
        throw new Error("connection to 10.0.0.7:5432 refused (password=hunter2)");
      },
    });
    const response = await adminFetch(url, "/licenses");
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: "Internal error" });
    expect(text).not.toMatch(/10\.0\.0\.7|hunter2|at .*\.(js|ts)/);
  });

  it("refuses a body larger than 16 kB with 413", async () => {
    const url = await serve(emptyList);
    const response = await adminFetch(url, "/licenses", { body: { org: "x".repeat(20_000) } });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "The body is too large" });
  });

  it("cannot be created without a token", () => {
    expect(() => createAdminApi({ licensing: {} as Licensing, prisma: {} as PrismaClient, token: "" })).toThrow(
      /token/,
    );
  });
});
