import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { DownloadStore } from "../../src/domain/incidents/download-store";
import { incidentPdfFile } from "../../src/domain/incidents/incident-file";
import type { IncidentRecord } from "../../src/domain/incidents/incident-record";
import { IncidentStore } from "../../src/domain/incidents/incident-store";
import { incidentSummary } from "../../src/domain/incidents/incident-summary";
import { FieldCipher } from "../../src/platform/crypto/field-cipher";
import { startRetentionSchedule } from "../../src/domain/privacy/retention";
import { openDatabase, type Database } from "../../src/platform/storage/database";
import { applyMigrations } from "../../src/platform/storage/migrate";
import { createDatabaseTarget, type DatabaseTarget } from "../support/database-targets";
import { flat, readPdf } from "../support/pdf-text";

const content = loadContent();
const sv = content.ui("sv");
const cipher = new FieldCipher({ id: "t1", key: randomBytes(32) });

let target: DatabaseTarget;
let database: Database;
let incidents: IncidentStore;
let downloads: DownloadStore;
beforeAll(async () => {
  target = await createDatabaseTarget("pglite");
  database = await openDatabase(target.options);
  await applyMigrations(database);
  incidents = new IncidentStore(database.prisma, cipher);
  downloads = new DownloadStore(database.prisma, cipher);
});
afterAll(async () => {
  await database?.close();
  await target?.cleanup();
});

const record: IncidentRecord = {
  answers: { what: "Hot i brevlådan", who: "Grannen, tror jag", feelings: "Orolig" },
  createdAt: "2026-11-20T08:15:00.000Z",
};
const user = (name: string) => ({ userId: `aad-${name}-${randomBytes(4).toString("hex")}`, tenantId: "tenant-1" });

describe("incident store", () => {
  it("reads back exactly what was saved, for its owner only", async () => {
    const owner = user("owner");
    const saved = await incidents.save(owner, record, 30);
    expect((await incidents.get(owner.userId, saved.id))?.record).toEqual(record);
    expect(await incidents.get(user("other").userId, saved.id)).toBeUndefined();
    expect(await incidents.listForUser(user("other").userId)).toEqual([]);
    expect((await incidents.listForUser(owner.userId)).map((i) => i.id)).toEqual([saved.id]);
  });

  it("cannot open a row whose ciphertext was moved to another id", async () => {
    const owner = user("mover");
    const a = await incidents.save(owner, record, 30);
    const b = await incidents.save(owner, { ...record, answers: { what: "annat" } }, 30);
    const rowA = await database.prisma.incident.findUniqueOrThrow({ where: { id: a.id } });
    await database.prisma.incident.update({
      where: { id: b.id },
      data: { nonce: rowA.nonce, ciphertext: rowA.ciphertext },
    });
    await expect(incidents.get(owner.userId, b.id)).rejects.toThrow();
  });

  it("deletes only the owner's own incident", async () => {
    const owner = user("deleter");
    const saved = await incidents.save(owner, record, 30);
    expect(await incidents.delete(user("intruder").userId, saved.id)).toBe(false);
    expect(await incidents.get(owner.userId, saved.id)).toBeDefined();
    expect(await incidents.delete(owner.userId, saved.id)).toBe(true);
    expect(await database.prisma.incident.count({ where: { id: saved.id } })).toBe(0);
  });

  it("purges expired incidents and leaves the others, and can run twice at once", async () => {
    const owner = user("purge");
    const expired = await incidents.save(owner, record, 30);
    const kept = await incidents.save(owner, record, 30);
    await database.prisma.incident.update({
      where: { id: expired.id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    const counts = await Promise.all([incidents.purgeExpired(new Date()), incidents.purgeExpired(new Date())]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await database.prisma.incident.count({ where: { id: expired.id } })).toBe(0);
    expect(await database.prisma.incident.count({ where: { id: kept.id } })).toBe(1);
  });

  it("no longer shows an expired incident even before the purge has run", async () => {
    const owner = user("stale");
    const saved = await incidents.save(owner, record, 30);
    await database.prisma.incident.update({ where: { id: saved.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await incidents.get(owner.userId, saved.id)).toBeUndefined();
    expect(await incidents.listForUser(owner.userId)).toEqual([]);
  });
});

describe("retention schedule", () => {
  it("purges expired incidents and download links, and a failing store does not stop the other", async () => {
    const owner = user("schedule");
    const old = await incidents.save(owner, record, 1);
    const fresh = await incidents.save(owner, record, 30);
    await database.prisma.incident.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const token = await downloads.create(owner.userId, "a.txt", "text/plain", Buffer.from("x"), 15);
    await database.prisma.download.updateMany({
      where: { userId: owner.userId },
      data: { expiresAt: new Date(Date.now() - 1) },
    });

    const schedule = startRetentionSchedule({ incidents, downloads, intervalMs: 60_000 });
    await schedule.runOnce();
    await schedule.stop();
    expect(await database.prisma.incident.count({ where: { id: old.id } })).toBe(0);
    expect(await database.prisma.incident.count({ where: { id: fresh.id } })).toBe(1);
    expect(await database.prisma.download.count({ where: { userId: owner.userId } })).toBe(0);
    expect(await downloads.take(token)).toBeUndefined();

    const failing = { purgeExpired: () => Promise.reject(new Error("database down")) };
    const purged: string[] = [];
    const working = { purgeExpired: async () => (purged.push("ran"), 0) };
    const second = startRetentionSchedule({ incidents: failing, downloads: working, intervalMs: 60_000 });
    await expect(second.runOnce()).resolves.toBeUndefined();
    await second.stop();
    expect(purged.length).toBeGreaterThan(0);
  });
});

describe("download store", () => {
  it("gives the file back for the token until it expires, and nothing for any other token", async () => {
    let now = new Date("2026-11-25T10:00:00Z");
    const store = new DownloadStore(database.prisma, cipher, () => now);
    const bytes = Buffer.from("Åsa såg det hända", "utf8");
    const token = await store.create("aad-dl", "handelse.txt", "text/plain; charset=utf-8", bytes);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await store.take(token))?.bytes.toString("utf8")).toBe("Åsa såg det hända");
    expect(await store.take(token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"))).toBeUndefined();
    now = new Date("2026-11-25T10:14:59Z");
    expect(await store.take(token)).toBeDefined();
    now = new Date("2026-11-25T10:15:00Z");
    expect(await store.take(token)).toBeUndefined();
  });
});

describe("summary and file", () => {
  it("lists every question in order, the user's words where given and 'Inte angivet' where skipped", () => {
    const summary = incidentSummary(sv, "sv", record);
    expect(summary.title).toBe(sv.incident.summaryTitle);
    expect(summary.documentedAt).toBe("Dokumenterad 20 november 2026 kl. 09:15");
    expect(summary.entries.map((e) => e.label)).toEqual(
      Object.values(sv.incident.questions).map((question) => question.label),
    );
    expect(summary.entries.find((e) => e.key === "what")?.answer).toBe("Hot i brevlådan");
    expect(summary.entries.filter((e) => e.answer === undefined)).toHaveLength(5);
  });

  it("writes a PDF record: timestamp, answers, the evidence as a list, who wrote it and that the bot keeps no evidence", async () => {
    const withEvidence: IncidentRecord = {
      createdAt: record.createdAt,
      answers: {
        ...record.answers,
        what: "Ett mejl med ”du borde vara rädd” – skickat till alla i fullmäktige 😡",
        evidence: "Skärmbilder av mejlet\n- Utskrift av kommentarerna\n\nRöstmeddelande från okänt nummer",
      },
    };
    const file = incidentPdfFile(
      incidentSummary(sv, "sv", withEvidence),
      sv.incident.fileName,
      new Date(record.createdAt),
    );
    expect(file.fileName).toBe("handelse-2026-11-20.pdf");
    expect(file.contentType).toBe("application/pdf");
    const pdf = await readPdf(file.bytes);
    const text = flat(pdf.text);
    expect(text).toContain(sv.incident.summaryTitle);
    expect(text).toContain("Dokumenterad 20 november 2026 kl. 09:15");
    expect(text).toContain("Skriven av dig själv i Stå kvar den 20 november 2026 kl. 09:15.");
    expect(text).toContain("Ett mejl med ”du borde vara rädd” – skickat till alla i fullmäktige 😡");
    expect(text).toContain("Grannen, tror jag");
    expect(text).toContain(`${sv.incident.questions.when.label} ${sv.incident.notGiven}`);
    expect(text).toContain(
      `${sv.incident.file.evidenceHeading} • Skärmbilder av mejlet • Utskrift av kommentarerna • Röstmeddelande från okänt nummer`,
    );
    expect(text).toContain(flat(sv.incident.file.keepOriginals));
    expect(text).toContain("Sida 1 av");
  });

  it("writes the record in English for an English user", async () => {
    const en = content.ui("en");
    const file = incidentPdfFile(incidentSummary(en, "en", record), en.incident.fileName, new Date(record.createdAt));
    const text = flat((await readPdf(file.bytes)).text);
    expect(file.fileName).toBe("incident-2026-11-20.pdf");
    expect(text).toContain("Written by you in Stå kvar on 20 November 2026");
    expect(text).toContain(`${en.incident.file.evidenceHeading} ${en.incident.notGiven}`);
    expect(text).toContain("Page 1 of");
  });
});
