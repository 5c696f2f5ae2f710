/**
 * End-to-end: documenting an incident in the real Microsoft 365 Agents Playground with the real bot
 * (npx tsx src/index.ts), and sending it, after the separate confirmation, to the security officer.
 *
 * - The bot runs on a fresh PostgreSQL database (test/support/postgres.ts), so the test can add the
 *   security officer while the bot runs: the demo licence of the Playground tenant has none. Without
 *   PostgreSQL the test is skipped.
 * - The officer is another Playground user (users[0] of .m365agentsplayground.yml). They get their
 *   own personal chat (the Playground's connector POST /v3/conversations) and say `svenska` in it
 *   through POST /_internal/v1/customActivities, so the bot stores their conversation reference.
 * - The current user types `svenska`, `dokumentera`, answers the first question by typing, skips the
 *   rest, sees the summary, chooses "send to my security officer", sees the confirmation naming the
 *   officer, confirms, and is told it was sent to one officer.
 * - The officer received it: the Playground pushed a bot message with the officer card (title naming
 *   the sender, the typed answer) into the officer's conversation, seen on the page's WebSocket.
 *
 * All texts come from content/sv/ui.yaml. Screenshots: test-artifacts/e2e/incident-<nn>-<what>.png.
 *
 * Run: npx vitest run test/e2e/incident.test.ts
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../support/postgres";
import { fill, loadUi } from "./support/content-texts";
import { E2E_SKIP_REASON, TURN_MS, startE2ESession, type E2ESession } from "./support/e2e-session";
import { REPO_ROOT } from "./support/playground";

// ---------------------------------------------------------------------------------------------
// Content, read the way the bot reads it

type QuestionKey = "what" | "when" | "where" | "before" | "who" | "witnesses" | "evidence" | "feelings";

interface UiYaml {
  menu: { intro: string };
  incident: {
    title: string;
    intro: string;
    progress: string;
    skip: string;
    questions: Record<QuestionKey, { label: string; question: string }>;
    summaryTitle: string;
    summaryIntro: string;
    notGiven: string;
    sendToOfficer: string;
    confirmSendTitle: string;
    confirmSendBody: string;
    send: string;
    cancel: string;
    sent: string;
    officerTitle: string;
  };
}

interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
}

const playgroundConfig = YAML.parse(readFileSync(join(REPO_ROOT, ".m365agentsplayground.yml"), "utf8")) as {
  tenantId: string;
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
};

/** One entry of the Playground's log panel feed ({ logAction: "appendLog", log }) for a bot request. */
interface PlaygroundLogItem {
  conversationId?: string;
  request?: {
    body?: {
      conversation?: Record<string, unknown>;
      recipient?: Record<string, unknown>;
      locale?: string;
      attachments?: unknown[];
    };
  };
  response?: { statusCode?: number };
}

/** The start of a text before any Markdown or placeholder, i.e. what the rendered card shows verbatim. */
function plainStart(text: string): string {
  return text.split(/[*_`[\]{]/)[0].trim();
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(E2E_SKIP_REASON !== undefined)(
  "incident documentation in the Agents Playground (real bot)",
  async () => {
    const pgReachable = await postgresAvailable;
    if (!pgReachable) console.warn("[e2e] SKIPPED incident test: PostgreSQL is not reachable at 127.0.0.1:5432");

    describe.skipIf(!pgReachable)("on PostgreSQL", () => {
      let database: TestDatabase | undefined;
      let db: Client | undefined;
      let session: E2ESession | undefined;
      /** Every text frame the Playground pushed to the page over its WebSocket (the UI's message feed). */
      const frames: string[] = [];

      /** The bot's requests to the Playground's connector whose activity contains `text` (from the log feed). */
      const deliveries = (text: string): PlaygroundLogItem[] =>
        frames
          .filter((frame) => frame.includes(text))
          .map((frame) => (JSON.parse(frame) as { logAction?: string; log?: PlaygroundLogItem }).log)
          .filter((log): log is PlaygroundLogItem => log?.request?.body !== undefined)
          .filter((log) => JSON.stringify(log.request!.body).includes(text));

      beforeAll(async () => {
        database = await createTestDatabase();
        if (!database) throw new Error("PostgreSQL became unreachable");
        session = await startE2ESession({ name: "incident", env: { DATABASE_URL: database.url } });
        db = new Client({ connectionString: database.url });
        await db.connect();
        // The page opened its WebSocket before we could listen: listen, then load the page again.
        const page = session.page.page;
        page.on("websocket", (ws) =>
          ws.on("framereceived", ({ payload }) => {
            if (typeof payload === "string") frames.push(payload);
          }),
        );
        await page.reload({ waitUntil: "domcontentloaded" });
        await page.locator('[data-lexical-editor="true"][role="textbox"]').waitFor({ state: "visible" });
      }, 180_000);

      afterAll(async () => {
        await db?.end().catch(() => undefined);
        await session?.stop();
        await database?.drop().catch(() => undefined);
      }, 60_000);

      it("an incident is documented and, after consent, sent to the security officer", async () => {
        const { page, playground, screenshot, step } = session!;
        const started = Date.now();
        const t = loadUi<UiYaml>("sv").incident;
        const me = playgroundConfig.currentUser;
        const officer = playgroundConfig.users[0];
        const questions = Object.keys(t.questions) as QuestionKey[];
        const count = questions.length;
        const progress = (n: number) => fill(t.progress, { number: n, count });

        // 1. The operator makes another Playground user the security officer of the demo organisation.
        const { rows: orgs } = await db!.query<{ organisation_id: string }>(
          "SELECT organisation_id FROM organisation_tenant WHERE tenant_id = $1",
          [playgroundConfig.tenantId],
        );
        expect(orgs, "the demo licence of the Playground tenant").toHaveLength(1);
        const organisationId = orgs[0].organisation_id;
        await db!.query(
          `INSERT INTO membership (id, organisation_id, user_id, email, display_name, role, granted_by)
         VALUES ($1, $2, $3, $4, $5, 'officer', 'e2e')
         ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = 'officer', display_name = EXCLUDED.display_name`,
          [randomUUID(), organisationId, officer.aadObjectId, officer.email, officer.name],
        );

        // 2. The officer talks to the bot once, in their own personal chat, so it can reach them later.
        const officerConversationId = await step("officer opens the bot", async () => {
          const created = await fetch(`${playground.url}/_connector/v3/conversations`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              isGroup: false,
              members: [{ id: officer.id }],
              tenantId: playgroundConfig.tenantId,
            }),
          });
          expect(created.status, await created.clone().text()).toBe(201);
          const { id } = (await created.json()) as { id: string };
          const template = (await (
            await fetch(
              `${playground.url}/_internal/v1/customActivities/template?type=install&conversationId=${encodeURIComponent(id)}`,
            )
          ).json()) as Record<string, unknown> & { conversation: Record<string, unknown> };
          expect(template.conversation.conversationType).toBe("personal");
          const res = await fetch(`${playground.url}/_internal/v1/customActivities`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              ...template,
              type: "message",
              action: undefined,
              id: randomUUID(),
              timestamp: new Date().toISOString(),
              from: { id: officer.id, name: officer.name, aadObjectId: officer.aadObjectId },
              text: "svenska",
              locale: "sv-SE",
              entities: [{ type: "clientInfo", locale: "sv-SE" }],
            }),
          });
          expect(res.ok).toBe(true);
          // The bot stored where it can reach the officer: their own personal chat, not the user's.
          await expect
            .poll(
              async () =>
                (
                  await db!.query<{ reference: { conversation: { id: string } } }>(
                    "SELECT reference FROM conversation_reference WHERE user_id = $1",
                    [officer.aadObjectId],
                  )
                ).rows[0]?.reference.conversation.id,
              { timeout: TURN_MS },
            )
            .toBe(id);
          return id;
        });

        // 3. The current user: Swedish, then `dokumentera`.
        await step("svenska", async () => {
          await page.send("svenska");
          await page.waitForBotMessageContaining(loadUi<UiYaml>("sv").menu.intro, TURN_MS);
        });
        await screenshot("menu");
        await step("dokumentera -> question 1", async () => {
          await page.send("dokumentera");
          const card = await page.waitForBotMessageContaining(progress(1), TURN_MS);
          expect(card).toContain(t.questions.what.question);
          expect(card).toContain(plainStart(t.intro));
        });
        await screenshot("question-1");

        // 4. The first answer typed in the chat; every other question skipped with the button.
        const answer = `E2E: hotfullt mejl efter fullmäktige ${randomUUID().slice(0, 8)}`;
        await step("type the first answer", async () => {
          await page.send(answer);
          const card = await page.waitForBotMessageContaining(progress(2), TURN_MS);
          expect(card).toContain(t.questions[questions[1]].question);
        });
        await screenshot("question-2");
        for (let n = 2; n <= count; n++) {
          await step(`skip question ${n}`, async () => {
            await page.clickCardButton(t.skip);
            if (n < count) {
              const card = await page.waitForBotMessageContaining(progress(n + 1), TURN_MS);
              expect(card).toContain(t.questions[questions[n]].question);
            } else {
              await page.waitForBotMessageContaining(t.summaryTitle, TURN_MS);
            }
          });
        }

        // 5. The summary: the typed answer, every other question "not given", and the choices.
        await step("summary", async () => {
          const card = await page.waitForBotMessageContaining(t.summaryTitle, TURN_MS, { onlyNew: false });
          expect(card).toContain(answer);
          for (const key of questions) expect(card).toContain(t.questions[key].label);
          expect(card.split(t.notGiven).length - 1).toBe(count - 1);
          expect(card).toContain(t.summaryIntro);
          await page.page.getByRole("button", { name: t.sendToOfficer, exact: true }).last().waitFor();
        });
        await screenshot("summary");

        // 6. "Send to my security officer": nothing is sent yet, the confirmation names the officer.
        await step("send to officer -> confirmation", async () => {
          await page.clickCardButton(t.sendToOfficer);
          const card = await page.waitForBotMessageContaining(t.confirmSendTitle, TURN_MS);
          expect(card).toContain(fill(t.confirmSendBody, { names: officer.name }));
          await page.page.getByRole("button", { name: t.send, exact: true }).last().waitFor();
          await page.page.getByRole("button", { name: t.cancel, exact: true }).last().waitFor();
        });
        await screenshot("confirm-send");
        const officerTitle = fill(t.officerTitle, { name: me.name });
        expect(
          frames.some((f) => f.includes(officerTitle)),
          "nothing reaches the officer before Skicka",
        ).toBe(false);

        // 7. Confirm: sent to one officer.
        await step("confirm -> sent", async () => {
          await page.clickCardButton(t.send);
          await page.waitForBotMessageContaining(fill(t.sent, { count: 1 }), TURN_MS);
        });
        await screenshot("sent");

        // 8. The officer received it: the Playground's log feed to the page records each bot -> Playground
        //    request with its status; the officer card went to the officer's own chat and was accepted.
        await step("officer received it", async () => {
          await expect.poll(() => deliveries(officerTitle).length, { timeout: 10_000 }).toBe(1);
          const [delivered] = deliveries(officerTitle);
          expect(delivered.response?.statusCode).toBe(201);
          const activity = delivered.request!.body!;
          expect(activity.conversation).toMatchObject({ id: officerConversationId, conversationType: "personal" });
          expect(activity.recipient).toMatchObject({ id: officer.id, aadObjectId: officer.aadObjectId });
          expect(activity.locale).toBe("sv-SE");
          expect(JSON.stringify(activity.attachments)).toContain(answer);
          // Nothing of it in the user's own chat.
          expect(await page.page.locator(".fai-OutputCard").filter({ hasText: officerTitle }).count()).toBe(0);
        });

        console.info(`[e2e] incident took ${Math.round((Date.now() - started) / 1000)} s`);
      }, 300_000);
    });
  },
);
