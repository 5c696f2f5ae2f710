import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { useBotUnderTest } from "../support/test-bot";
import { allActions, cardText, type TestUser } from "../support/test-user";
import { randomOrgNumber } from "../incidents/incident-helpers";
import { flat, readPdf } from "../support/pdf-text";
import { findInEveryTable } from "./privacy-helpers";

/**
 * `mina data`: one card with everything the bot holds about the user, an export of all of it (JSON
 * and PDF) that holds nothing of anyone else, and an erasure that needs a confirmation and leaves
 * no row anywhere in the database that names the user.
 */
const content = loadContent();
const sv = content.ui("sv");
const themeId = "vad-ar-sexistiskt-hot-och-hat";

const harness = useBotUnderTest("pglite");

interface Person {
  user: TestUser;
  name: string;
  email: string;
  reflection: string;
  incidentText: string;
  orderNumber: string;
  organisationId: string;
}

/** An official who ordered the material for their own organisation and has used every part of the bot. */
async function personWithEverything(): Promise<Person> {
  const tenantId = randomUUID();
  const tag = randomUUID().slice(0, 8);
  const user = harness.newUser({ tenantId });
  const name = `Ingrid Integritetsdottir ${tag}`;
  const email = `ingrid.${tag}@exempelby.se`;
  const { licensing, reflections, incidents, progress } = harness.bot.services;
  const prisma = harness.bot.database.prisma;

  const placed = await licensing.orders.place(
    { tenantId, userId: user.userId },
    {
      orgName: `Exempelby kommun ${tag}`,
      orgNumber: randomOrgNumber(),
      kind: "kommun",
      ordererName: name,
      ordererEmail: email,
      ordererPhone: "+46 70 111 22 33",
      invoiceReference: `Ansvar 4711-${tag}`,
    },
  );
  const approved = await licensing.orders.approve(placed.order.id, "operator");
  await prisma.directoryEntry.create({ data: { tenantId, userId: user.userId, email, displayName: name } });
  await prisma.membership.updateMany({ where: { email }, data: { displayName: name } });

  await user.say("hej");
  const ref = { userId: user.userId, tenantId };
  const reflection = `Min hemliga reflektion ${tag} om rädsla`;
  await reflections.save(
    ref,
    themeId,
    content.theme("sv", themeId)!.steps.find((s) => s.type === "reflection")!.id,
    reflection,
  );
  const incidentText = `Grannen ${tag} skrev ett hotbrev`;
  await incidents.store.save(ref, { answers: { what: incidentText }, createdAt: new Date().toISOString() }, 30);
  await progress.recordStep(ref, themeId, { stepId: "s2", stepIndex: 1, stepCount: 5 });
  return {
    user,
    name,
    email,
    reflection,
    incidentText,
    orderNumber: placed.order.number,
    organisationId: approved.organisationId!,
  };
}

describe("mina data", () => {
  it("lists how much of each kind the bot holds, in Swedish and English, with export and erase", async () => {
    const person = await personWithEverything();
    await person.user.say("mina data");
    const text = cardText(person.user.lastCard());
    expect(text).toContain(sv.privacy.myData.title);
    for (const [label, count] of [
      [sv.privacy.myData.reflections, 1],
      [sv.privacy.myData.incidents, 1],
      [sv.privacy.myData.orders, 1],
      [sv.privacy.myData.memberships, 1],
      [sv.privacy.myData.progress, 1],
    ] as const)
      expect(text).toContain(`${label}: ${count} st`);
    const titles = allActions(person.user.lastCard()).map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining([sv.privacy.myData.export, sv.privacy.myData.erase]));
    // What the user wrote is not on the card: only counts.
    expect(text).not.toContain(person.reflection);

    const en = content.ui("en");
    person.user.locale = "en-GB";
    await person.user.say("my data");
    expect(cardText(person.user.lastCard())).toContain(`${en.privacy.myData.reflections}: 1`);
  });

  it("works without a licence, and says so when nothing is stored", async () => {
    const stranger = harness.newUser({ tenantId: randomUUID() });
    await stranger.say("mina data");
    expect(cardText(stranger.lastCard())).toContain(sv.privacy.myData.title);
  });
});

describe("export", () => {
  it("gives a JSON file and a PDF with everything about the user and nothing of anyone else", async () => {
    const person = await personWithEverything();
    const other = await personWithEverything();

    await person.user.say("mina data");
    await person.user.press(sv.privacy.myData.export);
    const links = allActions(person.user.lastCard()).filter((a) => a.type === "Action.OpenUrl");
    expect(links.map((l) => l.title)).toEqual([sv.privacy.export.openPdf, sv.privacy.export.openJson]);

    const pdfResponse = await fetch(links[0].url!.replace(/^https?:\/\/[^/]+/, harness.url));
    expect(pdfResponse.headers.get("content-type")).toBe("application/pdf");
    expect(pdfResponse.headers.get("content-disposition")).toMatch(
      /^attachment; filename="mina-data-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const pdf = flat((await readPdf(new Uint8Array(await pdfResponse.arrayBuffer()))).text);
    const jsonResponse = await fetch(links[1].url!.replace(/^https?:\/\/[^/]+/, harness.url));
    expect(jsonResponse.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const json = await jsonResponse.text();
    const data = JSON.parse(json);
    expect(data.userId).toBe(person.user.userId);
    expect(data.reflections.map((r: { answer: string }) => r.answer)).toEqual([person.reflection]);
    expect(data.incidents[0].answers.what).toBe(person.incidentText);
    expect(data.orders[0].number).toBe(person.orderNumber);
    expect(data.memberships[0].role).toBe("officer");
    expect(data.progress).toHaveLength(1);
    expect(data.directory[0].email).toBe(person.email);

    for (const file of [json, pdf]) {
      expect(file).toContain(person.reflection);
      expect(file).toContain(person.incidentText);
      expect(file).toContain(person.orderNumber);
      for (const foreign of [other.user.userId, other.reflection, other.incidentText, other.email, other.name])
        expect(file).not.toContain(foreign);
    }
    expect(pdf).toContain(sv.privacy.export.title);
    expect(pdf).toMatch(/Skapad \d{1,2} \p{L}+ \d{4} kl\. \d{2}:\d{2}/u);
    expect(pdf).toContain(person.name);
    expect(pdf).toContain("Sida 1 av");
  });
});

describe("erase", () => {
  it("asks first, refuses the last security officer, then erases every row that names the user", async () => {
    const person = await personWithEverything();
    const bystander = await personWithEverything();
    const prisma = harness.bot.database.prisma;
    const { user } = person;

    // The scan does find the person before the erasure, in every kind of table that names them.
    const before = (await findInEveryTable(prisma, [user.userId, person.email, person.name])).map(
      (h) => h.split(":")[0],
    );
    for (const table of [
      "conversation_reference",
      "directory_entry",
      "membership",
      "order",
      "audit_entry",
      "theme_progress",
      "reflection",
      "incident",
      "user_activity",
    ])
      expect(before).toContain(table);

    await user.say("mina data");
    await user.press(sv.privacy.myData.erase);
    expect(cardText(user.lastCard())).toContain(sv.privacy.erase.confirmTitle);
    expect(await prisma.reflection.count({ where: { userId: user.userId } })).toBe(1);
    await user.press(sv.privacy.erase.cancel);
    expect(cardText(user.lastCard())).toContain(sv.privacy.erase.cancelled);
    expect(await prisma.reflection.count({ where: { userId: user.userId } })).toBe(1);

    // The only security officer of the organisation: refused, with the way forward.
    await user.press(sv.privacy.myData.erase);
    await user.press(sv.privacy.erase.confirm);
    expect(cardText(user.lastCard())).toContain(sv.privacy.erase.lastOfficer.split("{")[0]);
    expect(await prisma.reflection.count({ where: { userId: user.userId } })).toBe(1);

    await prisma.membership.create({
      data: {
        id: randomUUID(),
        organisationId: person.organisationId,
        email: `annan.${randomUUID().slice(0, 6)}@exempelby.se`,
        role: "officer",
        grantedBy: `officer:${user.userId}`,
      },
    });
    await user.press(sv.privacy.myData.erase);
    await user.press(sv.privacy.erase.confirm);
    const done = cardText(user.lastCard());
    expect(done).toContain(sv.privacy.erase.doneTitle);
    expect(done).toContain("1 reflektioner");

    const hits = await findInEveryTable(prisma, [user.userId, person.email, person.name]);
    expect(hits).toEqual([]);

    // Kept for bookkeeping, detached from the person.
    const order = await prisma.order.findUniqueOrThrow({ where: { number: person.orderNumber } });
    expect(order).toMatchObject({ ordererUserId: null, ordererName: "raderad", ordererEmail: "raderad" });
    expect(order.invoiceReference).toContain("Ansvar 4711");
    expect(await prisma.auditEntry.count({ where: { action: "privacy.erase" } })).toBeGreaterThan(0);

    // Nobody else lost anything.
    expect(await prisma.reflection.count({ where: { userId: bystander.user.userId } })).toBe(1);
    expect(await prisma.incident.count({ where: { userId: bystander.user.userId } })).toBe(1);
    expect(await findInEveryTable(prisma, [bystander.email])).not.toEqual([]);
  });

  it("erases an official's whole conversation state too, and they can start over", async () => {
    const user = harness.newUser();
    await user.say("meny");
    await user.submit({ verb: "openTheme", themeId });
    await user.press(sv.step.next);
    const prisma = harness.bot.database.prisma;
    expect(await prisma.botState.count({ where: { key: { contains: user.conversationId } } })).toBeGreaterThan(0);

    await user.submit({ verb: "privacyErase" });
    await user.press(sv.privacy.erase.confirm);
    expect(cardText(user.lastCard())).toContain(sv.privacy.erase.doneTitle);
    expect(await findInEveryTable(prisma, [user.userId])).toEqual([]);
    expect(await prisma.botState.count({ where: { key: { contains: user.conversationId } } })).toBe(0);

    await user.say("meny");
    expect(cardText(user.lastCard())).toContain(sv.menu.intro);
  });
});
