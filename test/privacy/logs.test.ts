import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { fill } from "../../src/domain/content/ui-text-schema";
import { hashId, logger, tapLogs } from "../../src/platform/logger";
import { documentIncident, type Answers } from "../incidents/incident-helpers";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";

/** A whole conversation with every kind of text a user can type; the log output must hold none of it. */
const content = loadContent();
const sv = content.ui("sv");
const themeId = "vad-ar-sexistiskt-hot-och-hat";

let harness: BotUnderTest;
let lines: string[] = [];
let untap: () => void;
const consoleOutput: string[] = [];
beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
  logger.level = "trace";
  untap = tapLogs((line) => lines.push(line));
  for (const method of ["log", "info", "warn", "error", "debug"] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map(String).join(" "));
    });
});
afterAll(async () => {
  untap?.();
  logger.level = "silent";
  vi.restoreAllMocks();
  await harness?.stop();
});
afterEach(() => {
  lines = [];
});

describe("logs", () => {
  it("hold no typed text, card input, names, e-mail addresses or raw user and tenant ids", async () => {
    const tag = randomUUID().slice(0, 8);
    const user = harness.newUser();
    const name = "Test Testsson";
    const email = `hemlig.${tag}@exempelby.se`;
    await harness.bot.database.prisma.directoryEntry.create({
      data: { tenantId: user.tenantId, userId: user.userId, email, displayName: name },
    });
    const question = `Vad gör jag om grannen Kalle${tag} hotar mig`;
    const reflection = `Reflektion${tag} om min rädsla`;
    const answers: Answers = { what: `Hotbrev${tag} i brevlådan`, who: `Förövaren${tag}`, feelings: `Ångest${tag}` };

    await user.install();
    await user.say(question);
    await user.submit({ verb: "openTheme", themeId });
    const reflectionStep = content.theme("sv", themeId)!.steps.findIndex((s) => s.type === "reflection");
    for (let i = 0; i < reflectionStep; i++) await user.press(sv.step.next);
    await user.press(sv.reflection.save, { reflectionAnswer: reflection });
    await user.say("mina reflektioner");
    await documentIncident(user, sv, answers);
    await user.press(fill(sv.incident.save, { days: 30 }));
    await user.say("mina incidenter");
    await user.say("mina data");
    await user.press(sv.privacy.myData.export);
    // An unknown card action and a failing one are logged too.
    await user.submit({ verb: "noSuchVerb", secret: `Kortdata${tag}` });
    await user.say(`akut ${tag}`);
    await user.press(sv.privacy.myData.erase);
    await user.press(sv.privacy.erase.confirm);

    const output = [...lines, ...consoleOutput].join("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [
      question,
      reflection,
      ...Object.values(answers),
      `Kortdata${tag}`,
      `Kalle${tag}`,
      email,
      name,
      user.userId,
      user.tenantId,
    ])
      expect(output, `the logs contain "${secret}"`).not.toContain(secret!);
    // Ids that are logged are hashed, the same way every time.
    expect(hashId(user.userId)).toBe(hashId(user.userId));
    expect(hashId(user.userId)).not.toContain(user.userId);
  });

  it("redacts such fields and hashes ids even when code passes them by mistake", () => {
    logger.info(
      {
        text: "hemlig text",
        activity: { text: "x", from: { name: "Anna" } },
        userId: "aad-123",
        tenantId: "t-9",
        err: { name: "Error", email: "a@b.se" },
      },
      "oops",
    );
    const [line] = lines;
    expect(line).toBeDefined();
    expect(line).not.toContain("hemlig text");
    expect(line).not.toContain("Anna");
    expect(line).not.toContain("aad-123");
    expect(line).not.toContain("a@b.se");
    expect(JSON.parse(line).userId).toBe(hashId("aad-123"));
    expect(JSON.parse(line).err.name).toBe("Error");
  });
});
