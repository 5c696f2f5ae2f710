import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import type { DataSubject } from "../../src/domain/privacy/personal-data";
import { Prisma } from "../../src/generated/prisma";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { randomOrgNumber } from "../incidents/incident-helpers";
import { findInEveryTable } from "./privacy-helpers";

/**
 * Personal data by contract: every store that can hold something about a person is registered once
 * (src/runtime.ts) and answers for its own tables. A table that names a user and no store answers for
 * fails here; after an erasure no registered store has anything left of the person.
 */
const content = loadContent();
const themeId = "vad-ar-sexistiskt-hot-och-hat";

let harness: BotUnderTest;
beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
});
afterAll(() => harness?.stop());

const userData = () => harness.bot.services.privacy.userData;
const prisma = () => harness.bot.database.prisma;

describe("the personal data registry", () => {
  it("covers every table with a user id column, and names only tables that exist", () => {
    const models = Prisma.dmmf.datamodel.models;
    const withUserId = models
      .filter((model) => model.fields.some((field) => /userid$/i.test(field.name)))
      .map((model) => model.name);
    const covered = userData().stores.flatMap((store) => store.models);
    expect(withUserId.length).toBeGreaterThan(5);
    expect(withUserId.filter((model) => !covered.includes(model))).toEqual([]);
    expect(covered.filter((model) => !models.some((m) => m.name === model))).toEqual([]);
  });

  it("leaves no row of the person in any registered store after an erasure, and a second erasure finds nothing", async () => {
    const tenantId = randomUUID();
    const user = harness.newUser({ tenantId });
    const { reflections, incidents, progress, licensing } = harness.bot.services;
    const placed = await licensing.orders.place(
      { tenantId, userId: user.userId },
      {
        orgName: "Registerby kommun",
        orgNumber: randomOrgNumber(),
        kind: "kommun",
        ordererName: "Rut Register",
        ordererEmail: "rut@registerby.se",
        ordererPhone: "070-000 00 00",
        invoiceReference: "Ref",
      },
    );
    // Licensed, with a second security officer, so the person may leave.
    const { organisationId } = await licensing.orders.approve(placed.order.id, "operator");
    await licensing.organisations.addOfficer(organisationId!, "andra@registerby.se", `officer:${user.userId}`);
    await user.say("meny");
    await user.submit({ verb: "openTheme", themeId });
    const ref = { userId: user.userId, tenantId };
    const step = content.theme("sv", themeId)!.steps.find((s) => s.type === "reflection")!.id;
    await reflections.save(ref, themeId, step, "En reflektion");
    await incidents.store.save(ref, { answers: { what: "Ett hot" }, createdAt: new Date().toISOString() }, 30);
    await progress.recordStep(ref, themeId, { stepId: "s2", stepIndex: 1, stepCount: 5 });
    await incidents.downloads.create(user.userId, "fil.pdf", "application/pdf", Buffer.from("%PDF"));
    await prisma().directoryEntry.create({ data: { tenantId, userId: user.userId, email: "rut@registerby.se" } });
    await prisma().rateLimit.create({ data: { key: `user:${user.userId}`, points: 1 } });
    await prisma().rateLimit.create({ data: { key: `tenant:${tenantId}`, points: 1 } });

    const subject: DataSubject = {
      userId: user.userId,
      tenantId,
      channelUserId: `29:${user.userId}`,
      conversationIds: [user.conversationId],
    };
    const before = await userData().counts(subject);
    expect(before).toMatchObject({
      memberships: 1,
      progress: 1,
      reflections: 1,
      incidents: 1,
      orders: 1,
      downloads: 1,
    });
    expect(await prisma().botState.count({ where: { userId: user.userId } })).toBeGreaterThan(0);

    const first = await userData().erase(subject);
    expect(first).toMatchObject({
      kind: "erased",
      erased: { memberships: 1, orders: 1, auditEntries: expect.any(Number) },
    });
    for (const store of userData().stores) {
      const left = Object.values(await store.count(subject)).reduce((sum, n) => sum + n, 0);
      expect(left, store.name).toBe(0);
      for (const [section, value] of Object.entries(await store.export(subject)))
        expect(Array.isArray(value) ? value : value ? [value] : [], `${store.name}.${section}`).toEqual([]);
    }
    expect(await findInEveryTable(prisma(), [user.userId, user.conversationId])).toEqual([]);
    // The workspace's own counter is no one's personal data and stays.
    expect(await prisma().rateLimit.count({ where: { key: `tenant:${tenantId}` } })).toBe(1);

    const second = await userData().erase(subject);
    expect(second).toEqual({
      kind: "erased",
      erased: {
        memberships: 0,
        progress: 0,
        reflections: 0,
        incidents: 0,
        orders: 0,
        downloads: 0,
        other: 0,
        auditEntries: 0,
        conversationState: 0,
      },
    });
  });
});

describe("bot state", () => {
  it("records the person whose turn wrote each key, and an erasure goes by that record, not by the key's text", async () => {
    const user = harness.newUser();
    await user.say("meny");
    await user.submit({ verb: "openTheme", themeId });
    const own = await prisma().botState.findMany({ where: { key: { contains: user.conversationId } } });
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((row) => row.userId === user.userId)).toBe(true);

    // Someone else's row whose key happens to contain this person's id is not theirs to erase.
    const foreignKey = `msteams/bot/conversations/shared-${user.userId}`;
    await prisma().botState.create({ data: { key: foreignKey, etag: "e", data: {}, userId: randomUUID() } });
    const result = await userData().erase({
      userId: user.userId,
      tenantId: user.tenantId,
      channelUserId: `29:${user.userId}`,
      conversationIds: [user.conversationId],
    });
    expect(result.kind === "erased" && result.erased.conversationState).toBe(own.length);
    expect(await prisma().botState.count({ where: { key: { contains: user.conversationId } } })).toBe(0);
    expect(await prisma().botState.count({ where: { key: foreignKey } })).toBe(1);
  });
});
