/**
 * End-to-end: a Teams workspace WITHOUT a licence, in the real Microsoft 365 Agents Playground with
 * the real bot (npx tsx src/index.ts). The official sees the no-licence card, opens the order form,
 * submits it once with a wrong organisation number (the card comes back in place with the reason and
 * every value kept), fixes it and gets the receipt. The operator then approves the order with the
 * real CLI (src/operator/cli.ts against the bot's admin API), and the same official now gets the theme
 * menu with the Administration button and the admin card of the new organisation.
 *
 * The Playground's default tenant gets an automatic demo licence, so this test runs the Playground
 * with a copy of .m365agentsplayground.yml whose tenantId is changed (written to a temp dir).
 * All texts come from content/<lang>/ui.yaml. Screenshots: test-artifacts/e2e/licence-<nn>-<what>.png.
 *
 * Run: npx vitest run test/e2e/licence-and-order.test.ts
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeRegExp, fill, loadUi as loadContentUi } from "./support/content-texts";
import { E2E_SKIP_REASON, TURN_MS, startE2ESession, type E2ESession } from "./support/e2e-session";
import { REPO_ROOT } from "./support/playground";

// ---------------------------------------------------------------------------------------------
// Content, read the way the bot reads it

interface UiYaml {
  menu: { title: string; intro: string; admin: string };
  access: { noLicenceTitle: string; unlicensed: string; whoOrders: string; orderButton: string; safety: string };
  order: {
    title: string;
    orgName: string;
    orgNumber: string;
    kind: string;
    kommun: string;
    region: string;
    ordererName: string;
    ordererEmail: string;
    ordererPhone: string;
    invoiceReference: string;
    acceptPrice: string;
    submit: string;
    fixErrors: string;
    errors: { invalidOrgNumber: string };
    receivedTitle: string;
    received: string;
  };
  admin: { title: string };
}

const loadUi = (lang: "sv" | "en") => loadContentUi<UiYaml>(lang);

/** The start of a text before any Markdown or placeholder, i.e. what the rendered card shows verbatim. */
function plainStart(text: string): string {
  return text.split(/[*_`[\]{]/)[0].trim();
}

// ---------------------------------------------------------------------------------------------

/** Any tenant other than the Playground default (which gets the demo licence) has no licence. */
const UNLICENSED_TENANT = "00000000-0000-0000-0000-0000000000777";
const ADMIN_TOKEN = `e2e-${randomBytes(24).toString("hex")}`;

const run = promisify(execFile);

describe.skipIf(E2E_SKIP_REASON !== undefined)("licence and order in the Agents Playground (real bot)", () => {
  let session: E2ESession | undefined;

  /** The operator CLI exactly as `npm run admin -- ...` runs it, against this test's bot. */
  async function adminCli(args: string[]): Promise<string> {
    try {
      const { stdout } = await run(process.execPath, ["--import", "tsx", "src/operator/cli.ts", ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, ADMIN_URL: session!.bot.url, ADMIN_TOKEN },
        timeout: 60_000,
      });
      return stdout;
    } catch (error) {
      const e = error as Error & { stdout?: string; stderr?: string };
      throw new Error(`admin CLI ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`, {
        cause: error,
      });
    }
  }

  beforeAll(async () => {
    // The repo's Playground config with another tenant: same five users (the schema wants exactly five).
    session = await startE2ESession({
      name: "licence",
      env: { ADMIN_TOKEN },
      playgroundConfig: { tenantId: UNLICENSED_TENANT },
    });
  }, 180_000);

  afterAll(() => session?.stop(), 60_000);

  it("an unlicensed workspace sees the no-licence card, orders, and gets the material after the operator approves", async () => {
    const { page, screenshot, step } = session!;
    const started = Date.now();
    const t = loadUi("sv");

    // 0. Install: the Playground's en-US install events already get a no-licence card (either language).
    const en = loadUi("en");
    const either = new RegExp(`${escapeRegExp(en.access.noLicenceTitle)}|${escapeRegExp(t.access.noLicenceTitle)}`);
    await step("install", () => page.waitForBotMessageContaining(either, TURN_MS, { onlyNew: false }));
    await page.page.waitForTimeout(1500); // let any further install answers arrive
    const installTitles = (await page.page.locator(".fai-OutputCard").allInnerTexts()).map(
      (text) => text.trim().split("\n")[0],
    );
    console.info(`[e2e] install messages: ${installTitles.join(" | ")}`);
    await screenshot("install", { scrollTo: "first" });

    // 1. `svenska`: without a licence the answer is the no-licence card, in Swedish.
    await step("svenska -> no-licence card", async () => {
      await page.send("svenska");
      const card = await page.waitForBotMessageContaining(t.access.noLicenceTitle, TURN_MS);
      expect(card).toContain(t.access.unlicensed);
      expect(card).toContain(t.access.whoOrders);
      expect(card).toContain(t.access.safety);
    });
    await page.page
      .getByRole("button", { name: t.access.orderButton, exact: true })
      .last()
      .waitFor({ state: "visible" });
    await screenshot("no-licence");

    // 2. Order: the form arrives as a new card.
    await step("order button -> form", async () => {
      await page.clickCardButton(t.access.orderButton);
      const form = await page.waitForBotMessageContaining(t.order.title, TURN_MS);
      expect(form).toContain(plainStart(t.order.acceptPrice));
    });
    const form = page.page
      .locator(".fai-OutputCard")
      .filter({ has: page.page.getByRole("button", { name: t.order.submit, exact: true }) })
      .last();
    const values = {
      orgName: "E2E-kommunen",
      orgNumber: "212000-1356", // wrong check digit first
      ordererName: "Anna Lindqvist",
      ordererEmail: "anna.lindqvist@example.com",
      ordererPhone: "08-123 456 78",
      invoiceReference: "E2E-REF-42",
    };
    const input = (label: string) => form.getByLabel(label, { exact: true });
    await step("fill the form", async () => {
      await input(t.order.orgName).fill(values.orgName);
      await input(t.order.orgNumber).fill(values.orgNumber);
      await form.getByRole("radio", { name: t.order.kommun, exact: true }).check();
      await input(t.order.ordererName).fill(values.ordererName);
      await input(t.order.ordererEmail).fill(values.ordererEmail);
      await input(t.order.ordererPhone).fill(values.ordererPhone);
      await input(t.order.invoiceReference).fill(values.invoiceReference);
      await form.getByRole("checkbox", { name: t.order.acceptPrice, exact: true }).check();
    });
    await screenshot("form-filled-wrong-org-number");

    // 3. Submit with the wrong number: the card is replaced in place, with the reason and all values kept.
    await step("submit with wrong org number", async () => {
      await page.clickCardButton(t.order.submit);
      const again = await page.waitForBotMessageContaining(t.order.errors.invalidOrgNumber, TURN_MS, {
        onlyNew: false,
      });
      expect(again).toContain(t.order.fixErrors);
    });
    await step("values kept", async () => {
      await expect.poll(() => input(t.order.orgName).inputValue()).toBe(values.orgName);
      expect(await input(t.order.orgNumber).inputValue()).toBe(values.orgNumber);
      expect(await input(t.order.ordererName).inputValue()).toBe(values.ordererName);
      expect(await input(t.order.ordererEmail).inputValue()).toBe(values.ordererEmail);
      expect(await input(t.order.ordererPhone).inputValue()).toBe(values.ordererPhone);
      expect(await input(t.order.invoiceReference).inputValue()).toBe(values.invoiceReference);
      expect(await form.getByRole("radio", { name: t.order.kommun, exact: true }).isChecked()).toBe(true);
      expect(await form.getByRole("checkbox", { name: t.order.acceptPrice, exact: true }).isChecked()).toBe(true);
      // Only the org number is wrong: exactly one field error.
      expect(await form.getByText(t.order.errors.invalidOrgNumber, { exact: true }).count()).toBe(1);
    });
    await form.getByText(t.order.errors.invalidOrgNumber, { exact: true }).scrollIntoViewIfNeeded();
    await screenshot("form-invalid-org-number", { scrollTo: "none" });

    // 4. Fix it and submit: the receipt replaces the form.
    values.orgNumber = "212000-1355";
    await input(t.order.orgNumber).fill(values.orgNumber);
    const receipt = await step("submit fixed form", async () => {
      await page.clickCardButton(t.order.submit);
      return page.waitForBotMessageContaining(t.order.receivedTitle, TURN_MS, { onlyNew: false });
    });
    expect(receipt).toContain(values.orgName);
    expect(receipt).toContain(values.invoiceReference);
    expect(receipt).toContain(plainStart(t.order.received));
    await screenshot("order-received");

    // 5. The operator: the pending order is there, with this workspace's tenant and the form's values.
    const listed = JSON.parse(await adminCli(["orders", "list", "--json"])) as {
      orders: { number: string; status: string; tenantId: string; organisation: string; orgNumber: string }[];
    };
    const pending = listed.orders.filter((o) => o.status === "pending");
    expect(pending).toHaveLength(1);
    const order = pending[0];
    expect(order).toMatchObject({
      tenantId: UNLICENSED_TENANT,
      organisation: values.orgName,
      orgNumber: values.orgNumber,
    });
    expect(receipt).toContain(order.number);
    const approved = JSON.parse(await adminCli(["orders", "approve", order.number, "--json"])) as {
      order: { status: string };
    };
    expect(approved.order.status).toBe("approved");

    // 6. Back in Teams: the menu, with Administration for the orderer (now security officer).
    await step("meny after approval", async () => {
      await page.send("meny");
      const menu = await page.waitForBotMessageContaining(t.menu.intro, TURN_MS);
      expect(menu).toContain(t.menu.title);
    });
    const adminButton = page.page.getByRole("button", { name: t.menu.admin, exact: true }).last();
    await adminButton.waitFor({ state: "visible" });
    await screenshot("menu");
    await adminButton.scrollIntoViewIfNeeded();
    await screenshot("menu-admin-button", { scrollTo: "none" });

    await step("administration card", async () => {
      await page.clickCardButton(t.menu.admin);
      await page.waitForBotMessageContaining(fill(t.admin.title, { organisation: values.orgName }), TURN_MS);
    });
    await screenshot("admin");

    console.info(`[e2e] licence and order took ${Math.round((Date.now() - started) / 1000)} s`);
  }, 300_000);
});
