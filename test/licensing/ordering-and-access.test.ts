import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { fill } from "../../src/domain/content/ui-text-schema";
import { shownCount } from "../../src/domain/licensing/usage-statistics";
import { randomOrgNumber } from "../incidents/incident-helpers";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { allActions, cardText, type Card } from "../support/test-user";

const sv = loadContent().ui("sv");
const validOrder = {
  orgName: "Exempelby kommun",
  orgNumber: "212000-1355",
  kind: "kommun",
  ordererName: "Sara Säkerhet",
  ordererEmail: "Sara.Sakerhet@exempelby.se",
  ordererPhone: "0123-45 67 89",
  invoiceReference: "KS 2026/17",
  acceptPrice: "true",
};

let harness: BotUnderTest;
let tenantCounter = 0;
const newTenant = () => `aaaaaaaa-0000-0000-0000-${String(++tenantCounter).padStart(12, "0")}`;

beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
});
afterAll(() => harness?.stop());

const inputIdsWithErrors = (card: Card) => {
  const ids: string[] = [];
  card.body.forEach((element, i) => {
    const next = card.body[i + 1] as { color?: string } | undefined;
    if (typeof element.id === "string" && next?.color === "Attention") ids.push(element.id);
  });
  return ids;
};
const valueOf = (card: Card, id: string) => card.body.find((e) => e.id === id)?.value;

describe("ordering in the bot", () => {
  it("opens the order form from `beställ` in a workspace without a licence", async () => {
    const user = harness.newUser({ tenantId: newTenant() });
    await user.say("beställ");
    expect(cardText(user.lastCard())).toContain(sv.order.intro);
  });

  it.each([
    ["orgName", "", "required"],
    ["orgNumber", "212000-0143", "invalidOrgNumber"],
    ["orgNumber", "19800101-1234", "invalidOrgNumber"],
    ["kind", "landsting", "invalidKind"],
    ["ordererName", "   ", "required"],
    ["ordererEmail", "sara(at)exempelby.se", "invalidEmail"],
    ["ordererPhone", "ring mig", "invalidPhone"],
    ["invoiceReference", "", "required"],
    ["acceptPrice", "false", "mustAccept"],
    ["orgName", "x".repeat(201), "tooLong"],
    ["orgName", "Exempelby\u0000 kommun", "invalidCharacters"],
    ["invoiceReference", "KS 2026/17\u202E", "invalidCharacters"],
  ] as const)(
    "returns the form with the reason next to %s (%j) and keeps everything typed",
    async (field, value, error) => {
      const user = harness.newUser({ tenantId: newTenant() });
      const card = await user.execute("submitOrder", { ...validOrder, [field]: value });
      expect(inputIdsWithErrors(card)).toEqual([field]);
      expect(cardText(card)).toContain(sv.order.errors[error]);
      for (const [id, typed] of Object.entries(validOrder))
        if (id !== field && id !== "acceptPrice") expect(valueOf(card, id)).toBe(typed);
      expect(await harness.bot.database.prisma.order.count({ where: { tenantId: user.tenantId } })).toBe(0);
    },
  );

  it("creates a pending order, shows its number, and answers a second order with the first", async () => {
    const user = harness.newUser({ tenantId: newTenant() });
    const receipt = await user.execute("submitOrder", validOrder);
    const order = await harness.bot.database.prisma.order.findFirstOrThrow({ where: { tenantId: user.tenantId } });
    expect(order).toMatchObject({
      status: "pending",
      orgNumber: "212000-1355",
      ordererEmail: "sara.sakerhet@exempelby.se",
      priceExclVatOre: 100_000,
    });
    expect(cardText(receipt)).toContain(order.number);

    const second = await user.execute("submitOrder", { ...validOrder, orgName: "Ett annat namn" });
    expect(cardText(second)).toContain(fill(sv.order.duplicate, { number: order.number }));
    expect(await harness.bot.database.prisma.order.count({ where: { tenantId: user.tenantId } })).toBe(1);

    await user.say("meny");
    expect(cardText(user.lastCard())).toContain(fill(sv.access.pendingOrder, { number: order.number }));
  });

  it("after approval makes the orderer security officer and serves the material", async () => {
    const user = harness.newUser({ tenantId: newTenant() });
    await user.execute("submitOrder", { ...validOrder, orgNumber: "232100-0016", kind: "region" });
    const order = await harness.bot.database.prisma.order.findFirstOrThrow({ where: { tenantId: user.tenantId } });
    await harness.bot.services.licensing.orders.approve(order.number, "operator");

    await user.say("meny");
    expect(cardText(user.lastCard())).toContain(sv.menu.intro);
    expect(allActions(user.lastCard()).map((a) => a.title)).toContain(sv.menu.admin);
    await user.say("admin");
    expect(cardText(user.lastCard())).toContain(fill(sv.admin.title, { organisation: validOrder.orgName }));
  });
});

describe("access inside a licensed workspace", () => {
  async function licensedWorkspace(orgNumber: string, orgName = "Åtkomstkommunen") {
    const tenantId = newTenant();
    const officer = harness.newUser({ tenantId });
    await harness.bot.services.licensing.licences.grant(
      { tenantId, orgName, orgNumber, kind: "kommun", officerUserId: officer.userId },
      "operator",
    );
    return { tenantId, officer };
  }

  it("in granted-only mode, tells an official without access whom to ask, with the officer's contact", async () => {
    const { tenantId, officer } = await licensedWorkspace("212000-0142");
    await officer.execute("adminSaveContact", {
      contactPhone: "08-508 000 00",
      contactEmail: "sakerhet@kommun.se",
      routineUrl: "",
    });
    const official = harness.newUser({ tenantId });
    await official.say("meny");
    const text = cardText(official.lastCard());
    expect(text).toContain(sv.access.notGrantedTitle);
    expect(text).toContain("sakerhet@kommun.se");
    expect(text).toContain("tel:0850800000");
  });

  it("grants by e-mail before the official has ever opened the bot, found through the member API", async () => {
    const { tenantId, officer } = await licensedWorkspace("212000-0159");
    const card = await officer.execute("adminGrant", {
      emails: "Anna.Andersson@kommun.se; fel-adress, bertil@kommun.se",
    });
    expect(cardText(card)).toContain(fill(sv.admin.granted, { count: 2 }));
    expect(cardText(card)).toContain("fel-adress");

    const anna = harness.newUser({ tenantId });
    harness.connector.members.set(`29:${anna.userId}`, { email: "anna.andersson@kommun.se", name: "Anna Andersson" });
    await anna.say("meny");
    expect(cardText(anna.lastCard())).toContain(sv.menu.intro);
  });

  it("revoking access takes the material away from that official", async () => {
    const { tenantId, officer } = await licensedWorkspace("212000-0167");
    const carl = harness.newUser({ tenantId });
    harness.connector.members.set(`29:${carl.userId}`, { email: "carl@kommun.se", name: "Carl" });
    await officer.execute("adminGrant", { emails: "carl@kommun.se" });
    await carl.say("meny");
    expect(cardText(carl.lastCard())).toContain(sv.menu.intro);

    const membership = await harness.bot.database.prisma.membership.findFirstOrThrow({
      where: { email: "carl@kommun.se" },
    });
    const card = await officer.execute("adminRevoke", { membershipId: membership.id });
    expect(cardText(card)).toContain(sv.admin.revoked);
    await carl.say("meny");
    expect(cardText(carl.lastCard())).toContain(sv.access.notGrantedTitle);
  });

  it("an officer cannot revoke or demote another organisation's members by their ids, nor tell them from unknown ids", async () => {
    const ours = await licensedWorkspace(randomOrgNumber(), "Vår kommun");
    const theirs = await licensedWorkspace(randomOrgNumber(), "Deras kommun");
    await theirs.officer.execute("adminGrant", { emails: "dora@deras.se" });
    await theirs.officer.execute("adminAddOfficer", { officerEmail: "olle@deras.se" });
    const { prisma } = harness.bot.database;
    const organisationId = (await prisma.organisationTenant.findFirstOrThrow({ where: { tenantId: theirs.tenantId } }))
      .organisationId;
    const membersBefore = await prisma.membership.findMany({ where: { organisationId }, orderBy: { id: "asc" } });
    const official = membersBefore.find((m) => m.email === "dora@deras.se")!;
    const officers = membersBefore.filter((m) => m.role === "officer");
    expect(officers).toHaveLength(2);

    const unknownId = "00000000-0000-4000-8000-000000000000";
    const answerTo = async (verb: string, membershipId: string) =>
      cardText(await ours.officer.execute(verb, { membershipId }));
    for (const [verb, membershipId] of [
      ["adminRevoke", official.id],
      ["adminRevoke", officers[0].id],
      ["adminRemoveOfficer", officers[1].id],
    ]) {
      const text = await answerTo(verb, membershipId);
      expect(text).toContain(sv.admin.errors.notFound);
      expect(text).toBe(await answerTo(verb, unknownId));
      expect(text).not.toContain("@deras.se");
    }
    expect(await prisma.membership.findMany({ where: { organisationId }, orderBy: { id: "asc" } })).toEqual(
      membersBefore,
    );
  });

  it("in everyone mode, serves everyone in the workspace", async () => {
    const { tenantId, officer } = await licensedWorkspace("212000-0175");
    await officer.execute("adminSetMode", { accessMode: "everyone" });
    const anyone = harness.newUser({ tenantId });
    await anyone.say("meny");
    expect(cardText(anyone.lastCard())).toContain(sv.menu.intro);
  });

  it("in a workspace shared by two organisations, each official belongs to the organisation that granted them", async () => {
    const tenantId = newTenant();
    const officerA = harness.newUser({ tenantId });
    const officerB = harness.newUser({ tenantId });
    const { licences } = harness.bot.services.licensing;
    await licences.grant(
      { tenantId, orgName: "Norra kommunen", orgNumber: "212000-0183", kind: "kommun", officerUserId: officerA.userId },
      "operator",
    );
    await licences.grant(
      { tenantId, orgName: "Södra kommunen", orgNumber: "212000-0191", kind: "kommun", officerUserId: officerB.userId },
      "operator",
    );
    const dora = harness.newUser({ tenantId });
    harness.connector.members.set(`29:${dora.userId}`, { email: "dora@sodra.se", name: "Dora" });
    await officerB.execute("adminGrant", { emails: "dora@sodra.se" });
    await dora.say("meny");
    expect(cardText(dora.lastCard())).toContain(sv.menu.intro);

    const access = await harness.bot.services.licensing.gate.accessFor(tenantId, dora.userId);
    expect(access).toMatchObject({ kind: "granted", role: "official", organisation: { name: "Södra kommunen" } });
    await officerA.say("admin");
    expect(cardText(officerA.lastCard())).not.toContain("Dora");
    await officerB.say("admin");
    expect(cardText(officerB.lastCard())).toContain("Dora");
  });

  it("does not open the administration to an official", async () => {
    const { tenantId, officer } = await licensedWorkspace("212000-0209");
    await officer.execute("adminSetMode", { accessMode: "everyone" });
    const official = harness.newUser({ tenantId });
    await official.say("admin");
    expect(cardText(official.lastCard())).toContain(sv.admin.notOfficer);
    expect(cardText(await official.execute("adminGrant", { emails: "x@y.se" }))).toContain(sv.admin.notOfficer);
  });
});

describe("usage statistics", () => {
  it.each([
    [0, { kind: "fewerThan", limit: 5 }],
    [4, { kind: "fewerThan", limit: 5 }],
    [5, { kind: "exact", value: 5 }],
    [12, { kind: "exact", value: 12 }],
  ])("shows a count of %i as %j", (count, shown) => {
    expect(shownCount(count)).toEqual(shown);
  });

  it("shows the officer counts only, with small counts suppressed, and never anyone's answers", async () => {
    const tenantId = newTenant();
    const officer = harness.newUser({ tenantId });
    await harness.bot.services.licensing.licences.grant(
      {
        tenantId,
        orgName: "Statistikkommunen",
        orgNumber: "212000-0217",
        kind: "kommun",
        officerUserId: officer.userId,
      },
      "operator",
    );
    await officer.execute("adminSetMode", { accessMode: "everyone" });
    for (let i = 0; i < 6; i++) {
      const official = harness.newUser({ tenantId });
      await official.submit({ verb: "openTheme", themeId: "forovarna" });
    }
    const reflecting = harness.newUser({ tenantId });
    await reflecting.submit({ verb: "openTheme", themeId: "forovarna", stepId: "reflektion-bedomning" });
    await reflecting.press(sv.reflection.save, { reflectionAnswer: "Mitt hemliga svar om grannen" });
    await officer.say("admin");
    const text = cardText(officer.lastCard());
    expect(text).toMatch(/har börjat|started/);
    expect(text).toContain(fill(sv.admin.statsAccess, { count: 8 }));
    expect(text).toContain(fill(sv.admin.fewerThan, { limit: 5 }));
    expect(text).not.toContain("hemliga svar");
  });
  it("counts the supporters' path on a line of its own, started and completed like a theme", async () => {
    const tenantId = newTenant();
    const officer = harness.newUser({ tenantId });
    await harness.bot.services.licensing.licences.grant(
      {
        tenantId,
        orgName: "Stödkommunen",
        orgNumber: "212000-0225",
        kind: "kommun",
        officerUserId: officer.userId,
      },
      "operator",
    );
    await officer.execute("adminSetMode", { accessMode: "everyone" });
    const path = loadContent().theme("sv", "stotta-en-kollega")!;
    for (let i = 0; i < 5; i++) {
      const colleague = harness.newUser({ tenantId });
      await colleague.submit({ verb: "openTheme", themeId: path.id, stepId: path.steps.at(-1)!.id });
      await colleague.press(sv.reflection.skip);
      expect(cardText(colleague.lastCard())).toContain(sv.themeDone.pathTitle);
    }
    const started = harness.newUser({ tenantId });
    await started.submit({ verb: "openTheme", themeId: path.id });

    await officer.say("admin");
    expect(cardText(officer.lastCard())).toContain(
      fill(sv.admin.statsTheme, { theme: path.title, started: 6, completed: 5 }),
    );
  });
});
