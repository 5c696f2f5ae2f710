import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createAdminApi, type AdminRateLimits } from "../../src/admin/admin-api";
import type { PrismaClient } from "../../src/generated/prisma";
import type { Licensing } from "../../src/licensing/licensing";
import { adminFetch, adminToken } from "./admin-helpers";

/** The admin router alone on a free port, over a licensing stub: no database needed for these. */
async function serve(licences: Partial<Licensing["licences"]>, rateLimits?: AdminRateLimits) {
  const licensing = { licences } as unknown as Licensing;
  const app = express();
  app.use("/api/admin", createAdminApi({ licensing, prisma: {} as PrismaClient, token: adminToken, rateLimits }));
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

  it("locks an address out for 15 minutes after 10 wrong tokens, even for the right token", async () => {
    const url = await serve(emptyList);
    for (let i = 0; i < 10; i++) expect((await adminFetch(url, "/licenses", { token: `guess-${i}` })).status).toBe(401);
    const locked = await adminFetch(url, "/licenses", { token: "guess-11" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect((await adminFetch(url, "/licenses")).status).toBe(429);
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
