import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Database } from "../../src/platform/storage/database";
import { createLicensing } from "../../src/domain/licensing/licensing";
import type { OrderFormValues } from "../../src/domain/licensing/order-form";

export const adminToken = "test-admin-token-0123456789abcdef";

const repoRoot = path.resolve(__dirname, "../..");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run admin -- <args>`, run the way npm runs it: its own process, configured by the environment. */
export function runAdminCli(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/operator/cli.ts", ...args], {
      cwd: repoRoot,
      env: { ...process.env, ADMIN_URL: undefined, ADMIN_TOKEN: undefined, PORT: undefined, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Calls the admin API of a bot under test with the right token unless another is given. */
export function adminFetch(
  botUrl: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<Response> {
  const token = init.token === undefined ? adminToken : init.token;
  return fetch(`${botUrl}/api/admin${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** The response body as JSON, loosely typed: the tests say what they expect of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions check the shape
export async function jsonOf(response: Response): Promise<any> {
  return response.json();
}

let nextSerial = 1000 + Math.floor(Math.random() * 8000);

/** A new, valid Swedish organisation number (Luhn check digit), different on every call. */
export function newOrgNumber(): string {
  const nine = `2120${String(nextSerial++).padStart(5, "0")}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let value = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  }
  const digits = nine + String((10 - (sum % 10)) % 10);
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}

export function newTenantId(): string {
  return randomUUID();
}

/** An order placed the way the bot places one when a security officer fills in the order form. */
export async function placeOrder(
  database: Pick<Database, "prisma" | "hot">,
  overrides: Partial<OrderFormValues> & { tenantId?: string; userId?: string } = {},
) {
  const { tenantId = newTenantId(), userId = `29:${randomUUID()}`, ...values } = overrides;
  const result = await createLicensing(database).orders.place(
    { tenantId, userId },
    {
      orgName: "Testkommun",
      orgNumber: newOrgNumber(),
      kind: "kommun",
      ordererName: "Sara Säkerhet",
      ordererEmail: "sara.sakerhet@testkommun.se",
      ordererPhone: "+46 70 123 45 67",
      invoiceReference: "Ref 123",
      ...values,
    },
  );
  return { order: result.order, tenantId, userId };
}
