import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/operator/cli";
import { loadConfig } from "../../src/platform/config";
import { loadContent } from "../../src/domain/content/content-catalog";
import { fill } from "../../src/domain/content/ui-text-schema";
import { DownloadStore } from "../../src/domain/incidents/download-store";
import { IncidentStore } from "../../src/domain/incidents/incident-store";
import { parsePreviousKeys } from "../../src/platform/crypto/encryption-key";
import { FieldCipher } from "../../src/platform/crypto/field-cipher";
import { rotateKeys } from "../../src/platform/crypto/key-rotation";
import { ReflectionStore } from "../../src/domain/reflections/reflection-store";
import { adminToken } from "../admin/admin-helpers";
import { documentIncident, fullAnswers } from "../incidents/incident-helpers";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { rowText } from "./privacy-helpers";

const content = loadContent();
const sv = content.ui("sv");
const themeId = "vad-ar-sexistiskt-hot-och-hat";

const oldKey = { id: "k1", key: randomBytes(32) };
const newKey = { id: "k2", key: randomBytes(32) };

let harness: BotUnderTest;
beforeAll(async () => {
  harness = await startBotUnderTest("pglite", {
    ENCRYPTION_KEY: newKey.key.toString("base64"),
    ENCRYPTION_KEY_ID: newKey.id,
    ENCRYPTION_KEYS_PREVIOUS: `${oldKey.id}:${oldKey.key.toString("base64")}`,
    ADMIN_TOKEN: adminToken,
  });
});
afterAll(() => harness?.stop());

const rawRows = (table: string) =>
  harness.bot.database.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "${table}"`);

describe("encryption at rest", () => {
  it("the raw database holds no plaintext of reflections, incidents or their download files", async () => {
    const user = harness.newUser();
    const reflection = `Reflektion som bara jag ska läsa ${randomUUID()}`;
    const reflectionStep = content.theme("sv", themeId)!.steps.findIndex((s) => s.type === "reflection");
    await user.submit({ verb: "openTheme", themeId });
    for (let i = 0; i < reflectionStep; i++) await user.press(sv.step.next);
    await user.press(sv.reflection.save, { reflectionAnswer: reflection });
    await documentIncident(user, sv, fullAnswers);
    await user.press(fill(sv.incident.save, { days: 30 }));
    await user.say("mina incidenter");
    await user.submit({ verb: "privacyExport" });

    const plaintexts = [reflection, ...Object.values(fullAnswers), "rädd", "Grävlingen77"];
    for (const table of ["reflection", "incident", "download", "bot_state"]) {
      const text = (await rawRows(table)).map(rowText).join("\n");
      for (const plain of plaintexts) expect(text, `${table} holds "${plain}"`).not.toContain(plain);
    }
    const [row] = await harness.bot.database.prisma.reflection.findMany({ where: { userId: user.userId } });
    expect(row.keyId).toBe("k2");
    expect(row.nonce).toHaveLength(12);
  });
});

describe("key rotation", () => {
  it("re-encrypts in batches; old records stay readable during and after, and a second run does nothing", async () => {
    const prisma = harness.bot.database.prisma;
    const oldCipher = new FieldCipher(oldKey);
    const both = new FieldCipher(newKey, [oldKey]);
    const user = { userId: `aad-rot-${randomUUID()}`, tenantId: "t" };
    const oldReflections = new ReflectionStore(prisma, harness.bot.database.hot, oldCipher);
    const texts = Array.from({ length: 5 }, (_, i) => `gammal reflektion ${i}`);
    for (const text of texts) await oldReflections.save(user, themeId, "s1", text);
    await new IncidentStore(prisma, oldCipher).save(
      user,
      { answers: { what: "gammal händelse" }, createdAt: new Date().toISOString() },
      30,
    );
    const token = await new DownloadStore(prisma, oldCipher).create(
      user.userId,
      "f.txt",
      "text/plain",
      Buffer.from("fil"),
    );

    const reader = new ReflectionStore(prisma, harness.bot.database.hot, both);
    expect((await reader.listForUser(user.userId)).map((r) => r.answer)).toEqual(texts);

    // One batch of two, as if rotation were interrupted: a mix of keys, all readable.
    const partial = await rotateKeys(prisma, new FieldCipher(newKey, [oldKey]), { batchSize: 2 });
    expect(partial.rotated.reflection).toBeGreaterThanOrEqual(5);
    const keyIds = (await prisma.reflection.findMany({ where: { userId: user.userId } })).map((r) => r.keyId);
    expect(new Set(keyIds)).toEqual(new Set(["k2"]));
    expect((await reader.listForUser(user.userId)).map((r) => r.answer)).toEqual(texts);
    expect((await new IncidentStore(prisma, both).listForUser(user.userId))[0].record.answers.what).toBe(
      "gammal händelse",
    );
    expect((await new DownloadStore(prisma, both).take(token))?.bytes.toString()).toBe("fil");
    // Readable with the new key alone: the old one can be removed.
    expect(await new ReflectionStore(prisma, harness.bot.database.hot, new FieldCipher(newKey)).listForUser(user.userId)).toHaveLength(5);

    const again = await rotateKeys(prisma, both, {});
    expect(again.rotated).toEqual({ reflection: 0, incident: 0, download: 0 });
    expect(again.remaining).toEqual({ reflection: 0, incident: 0, download: 0 });
  });

  it("runs concurrently with itself and with users writing, and reports records it cannot open", async () => {
    const prisma = harness.bot.database.prisma;
    const user = { userId: `aad-rot2-${randomUUID()}` };
    const lost = new ReflectionStore(prisma, harness.bot.database.hot, new FieldCipher({ id: "lost", key: randomBytes(32) }));
    await lost.save(user, themeId, "s1", "nyckeln är borta");
    const old = new ReflectionStore(prisma, harness.bot.database.hot, new FieldCipher(oldKey));
    for (let i = 0; i < 10; i++) await old.save(user, themeId, "s1", `text ${i}`);
    const cipher = new FieldCipher(newKey, [oldKey]);
    const [a, b] = await Promise.all([
      rotateKeys(prisma, cipher, { batchSize: 3 }),
      rotateKeys(prisma, cipher, { batchSize: 3 }),
    ]);
    expect(a.rotated.reflection + b.rotated.reflection).toBe(10);
    expect(a.failed.reflection).toBe(1);
    expect(a.remaining.reflection).toBe(1);
    await prisma.reflection.deleteMany({ where: { userId: user.userId } });
  });

  it("`npm run admin -- keys rotate` re-encrypts through the running bot and prints counts", async () => {
    const prisma = harness.bot.database.prisma;
    const user = { userId: `aad-cli-${randomUUID()}` };
    await new ReflectionStore(prisma, harness.bot.database.hot, new FieldCipher(oldKey)).save(user, themeId, "s1", "via cli");
    const out: string[] = [];
    const code = await runCli(
      ["keys", "rotate", "--batch-size", "50"],
      { ADMIN_URL: harness.url, ADMIN_TOKEN: adminToken },
      {
        stdout: (t) => out.push(t),
        stderr: (t) => out.push(t),
      },
    );
    expect(code).toBe(0);
    expect(out.join("")).toMatch(/Re-encrypted under key k2: reflection [1-9]/);
    expect(out.join("")).toContain("previous keys can be removed");
    expect((await prisma.reflection.findFirstOrThrow({ where: { userId: user.userId } })).keyId).toBe("k2");
  });
});

describe("key configuration", () => {
  it("reads previous keys and refuses malformed ones", () => {
    const value = `${oldKey.id}:${oldKey.key.toString("base64")}`;
    expect(parsePreviousKeys(value)).toEqual([oldKey]);
    expect(() => loadConfig({ ENCRYPTION_KEYS_PREVIOUS: "k1:short" })).toThrow(/ENCRYPTION_KEYS_PREVIOUS/);
    expect(loadConfig({}).INACTIVE_USER_RETENTION_MONTHS).toBe(24);
    expect(loadConfig({}).AUDIT_RETENTION_MONTHS).toBe(12);
  });
});
