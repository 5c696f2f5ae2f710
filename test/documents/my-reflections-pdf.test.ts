import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { startBotUnderTest, type BotUnderTest } from "../support/test-bot";
import { allActions, cardText } from "../support/test-user";
import { flat, readPdf } from "../support/pdf-text";

/** `mina reflektioner`: the saved answers on a card, and as a PDF behind a short-lived link. */
const content = loadContent();
const sv = content.ui("sv");
const en = content.ui("en");
const themeId = "vad-ar-sexistiskt-hot-och-hat";
const theme = content.theme("sv", themeId)!;
const step = theme.steps.find((s) => s.type === "reflection")!;

let harness: BotUnderTest;
beforeAll(async () => {
  harness = await startBotUnderTest("pglite");
});
afterAll(() => harness?.stop());

const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, harness.url);

describe("my reflections as a PDF", () => {
  it("offers a PDF of the saved answers that serves application/pdf as an attachment, then expires", async () => {
    const user = harness.newUser();
    await user.say("hej");
    const answer = `Jag blev rädd – men ”Åsa” stöttade mig 💪 ${randomUUID().slice(0, 8)}`;
    await harness.bot.services.reflections.save(
      { userId: user.userId, tenantId: user.tenantId },
      themeId,
      step.id,
      answer,
    );

    await user.say("mina reflektioner");
    expect(allActions(user.lastCard()).map((a) => a.title)).toContain(sv.myReflections.download);
    await user.press(sv.myReflections.download);
    expect(cardText(user.lastCard())).toContain(sv.myReflections.downloadReady.replace("{minutes}", "15"));
    const link = allActions(user.lastCard()).find((a) => a.type === "Action.OpenUrl")!;
    expect(link.title).toBe(sv.myReflections.downloadOpen);

    const response = await fetch(local(link.url!));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="mina-reflektioner-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
    const text = flat(pdf.text);
    expect(text).toContain(sv.myReflections.title);
    expect(text).toMatch(/Skapad \d{1,2} \p{L}+ \d{4} kl\. \d{2}:\d{2}/u);
    expect(text).toContain(flat(step.question));
    expect(text).toContain(theme.title);
    expect(text).toContain(answer);

    await harness.bot.database.prisma.download.updateMany({
      where: { userId: user.userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await fetch(local(link.url!))).status).toBe(404);
  });

  it("stores the PDF encrypted: the download row holds none of the answer", async () => {
    const user = harness.newUser();
    await user.say("hej");
    const secret = `Hemlighet${randomUUID().slice(0, 8)}`;
    await harness.bot.services.reflections.save(
      { userId: user.userId, tenantId: user.tenantId },
      themeId,
      step.id,
      secret,
    );
    await user.submit({ verb: "downloadMyReflections" });
    const rows = await harness.bot.database.prisma.download.findMany({ where: { userId: user.userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0].contentType).toBe("application/pdf");
    expect(Buffer.from(rows[0].ciphertext).toString("latin1")).not.toContain("%PDF");
  });

  it("is in English for an English user, and offers no download while nothing is saved", async () => {
    const user = harness.newUser({ locale: "en-GB" });
    await user.say("my reflections");
    expect(allActions(user.lastCard()).map((a) => a.title)).not.toContain(en.myReflections.download);

    await harness.bot.services.reflections.save(
      { userId: user.userId, tenantId: user.tenantId },
      themeId,
      step.id,
      "Brave 🙂",
    );
    await user.submit({ verb: "downloadMyReflections" });
    const link = allActions(user.lastCard()).find((a) => a.type === "Action.OpenUrl")!;
    const text = flat((await readPdf(new Uint8Array(await (await fetch(local(link.url!))).arrayBuffer()))).text);
    expect(text).toContain(en.myReflections.title);
    expect(text).toContain("Brave 🙂");
    expect(text).toContain("Page 1 of 1");
  });
});
