import "dotenv/config";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { AuditEntryView, LicenseView, OrderView } from "./admin-api";
import type { RotationReport } from "../platform/crypto/key-rotation";
import { printable, renderTable, type Column } from "./cli-table";
import { replaceControlCharacters } from "../domain/licensing/control-characters";
import { invoiceLineCount } from "../domain/licensing/invoices";

/**
 * The operator's command line: `npm run admin -- <command>`. It talks to the running bot's admin API
 * (never to the database files, which the running bot holds open), so the bot must be running with
 * ADMIN_TOKEN set.
 */

export const usage = `Usage: npm run admin -- <command> [options]

Commands:
  orders list [--status pending|awaiting_confirmation|approved|rejected|declined]
  orders approve <id|number> [--valid-until YYYY-MM-DD] [--link-existing]
                 --link-existing: the organisation number belongs to an existing organisation; link the
                 orderer's tenant to it once one of its security officers (or you) accepts
  orders reject <id|number> --reason "..."
  officers accept <order id|number>    link an order awaiting confirmation (instead of the organisation)
  officers decline <order id|number> [--reason "..."]
  licenses list
  licenses grant --tenant <tenantId> --org "<name>" --org-number <nnnnnn-nnnn> --kind kommun|region
                 [--officer <email>] [--valid-until YYYY-MM-DD] [--link-existing]
  licenses revoke --tenant <tenantId> [--org-number <nnnnnn-nnnn>]
  licenses extend --tenant <tenantId> --until YYYY-MM-DD [--org-number <nnnnnn-nnnn>]
  invoices export --month YYYY-MM [--out <file>]
  keys rotate [--batch-size <n>]   re-encrypt stored records under the current ENCRYPTION_KEY_ID
  audit list --since YYYY-MM-DD [--org <id|nnnnnn-nnnn>] [--actor <operator|system|user id>]

Options:
  --json   print the API's JSON instead of tables (in scripts: npm run --silent admin -- ... --json)
  --help   show this text

Environment (also read from .env):
  ADMIN_URL    the running bot, default http://localhost:$PORT (PORT defaults to 3978)
  ADMIN_TOKEN  the same token the bot was started with
`;

export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const options = {
  status: { type: "string" },
  "valid-until": { type: "string" },
  reason: { type: "string" },
  tenant: { type: "string" },
  org: { type: "string" },
  "org-number": { type: "string" },
  kind: { type: "string" },
  officer: { type: "string" },
  until: { type: "string" },
  month: { type: "string" },
  out: { type: "string" },
  "batch-size": { type: "string" },
  since: { type: "string" },
  actor: { type: "string" },
  "link-existing": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;
/** Switches that take no value; the operator's explicit yes to something the CLI refuses by default. */
type FlagName = "link-existing";
type OptionName = Exclude<keyof typeof options, "json" | "help">;
type Values = Partial<Record<Exclude<OptionName, FlagName>, string>> & Partial<Record<FlagName, boolean>>;

interface Context {
  api: AdminClient;
  values: Values;
  /** The <id> of commands that take one. */
  argument: string;
  json: boolean;
  io: CliIo;
}

interface Command {
  words: [string, string];
  argument?: string;
  required: Array<Exclude<OptionName, FlagName>>;
  optional: OptionName[];
  json: boolean;
  run(context: Context): Promise<void>;
}

class UsageError extends Error {}
class Failure extends Error {}

const commands: Command[] = [
  {
    words: ["orders", "list"],
    required: [],
    optional: ["status"],
    json: true,
    async run({ api, values, json, io }) {
      const query = values.status ? `?status=${encodeURIComponent(values.status)}` : "";
      const body = await api.call<{ orders: OrderView[] }>("GET", `/orders${query}`);
      if (json) return io.stdout(toJson(body));
      if (body.orders.length === 0) return io.stdout(values.status ? `No ${values.status} orders.\n` : "No orders.\n");
      io.stdout(renderTable(orderColumns, body.orders) + "\n");
      for (const order of body.orders) {
        const warning = orderWarning(order);
        if (warning) io.stdout(`${warning}\n`);
      }
    },
  },
  {
    words: ["orders", "approve"],
    argument: "id|number",
    required: [],
    optional: ["valid-until", "link-existing"],
    json: true,
    async run({ api, values, argument, json, io }) {
      const body = await api.call<{ order: OrderView; license: LicenseView | null }>(
        "POST",
        `/orders/${encodeURIComponent(argument)}/approve`,
        { validUntil: values["valid-until"], linkExisting: values["link-existing"] },
      );
      if (json) return io.stdout(toJson(body));
      const { order, license } = body;
      if (order.status === "awaiting_confirmation")
        return io.stdout(
          `Approved order ${printable(order.number)} for ${printable(order.orgNumber)}, which belongs to an existing ` +
            `organisation. Nothing is linked yet: tenant ${printable(order.tenantId)} and ` +
            `${printable(order.orderer.email)} get access once one of the organisation's security officers accepts ` +
            `in Teams, or you run: officers accept|decline ${printable(order.number)}\n`,
        );
      io.stdout(
        `Approved order ${printable(order.number)}: ${printable(order.organisation)} (${printable(order.orgNumber)}), ` +
          `tenant ${printable(order.tenantId)}, licence valid until ${printable(license?.validUntil ?? "?")}.\n` +
          `The Teams user who placed the order (${printable(order.orderer.name)}, contact ${printable(order.orderer.email)}) ` +
          "is now the organisation's security officer.\n",
      );
    },
  },
  {
    words: ["orders", "reject"],
    argument: "id|number",
    required: ["reason"],
    optional: [],
    json: true,
    async run({ api, values, argument, json, io }) {
      const body = await api.call<{ order: OrderView }>("POST", `/orders/${encodeURIComponent(argument)}/reject`, {
        reason: values.reason,
      });
      if (json) return io.stdout(toJson(body));
      io.stdout(
        `Rejected order ${printable(body.order.number)} (${printable(body.order.organisation)}): ` +
          `${printable(body.order.rejectReason)}\n`,
      );
    },
  },
  {
    words: ["officers", "accept"],
    argument: "order id|number",
    required: [],
    optional: [],
    json: true,
    async run({ api, argument, json, io }) {
      const body = await api.call<{ order: OrderView }>("POST", `/officers/${encodeURIComponent(argument)}/accept`, {});
      if (json) return io.stdout(toJson(body));
      const { order } = body;
      io.stdout(
        `Accepted order ${printable(order.number)}: tenant ${printable(order.tenantId)} is linked to ` +
          `${printable(order.organisation)} (${printable(order.orgNumber)}) and the orderer is a security officer.\n`,
      );
    },
  },
  {
    words: ["officers", "decline"],
    argument: "order id|number",
    required: [],
    optional: ["reason"],
    json: true,
    async run({ api, values, argument, json, io }) {
      const body = await api.call<{ order: OrderView }>("POST", `/officers/${encodeURIComponent(argument)}/decline`, {
        reason: values.reason,
      });
      if (json) return io.stdout(toJson(body));
      io.stdout(
        `Declined order ${printable(body.order.number)}: nothing was linked or issued ` +
          `(${printable(body.order.rejectReason)}).\n`,
      );
    },
  },
  {
    words: ["licenses", "list"],
    required: [],
    optional: [],
    json: true,
    async run({ api, json, io }) {
      const body = await api.call<{ licenses: LicenseView[] }>("GET", "/licenses");
      if (json) return io.stdout(toJson(body));
      if (body.licenses.length === 0) return io.stdout("No licences.\n");
      io.stdout(renderTable(licenseColumns, body.licenses) + "\n");
    },
  },
  {
    words: ["licenses", "grant"],
    required: ["tenant", "org", "org-number", "kind"],
    optional: ["officer", "valid-until", "link-existing"],
    json: true,
    async run({ api, values, json, io }) {
      const body = await api.call<{ license: LicenseView }>("POST", "/licenses", {
        tenant: values.tenant,
        org: values.org,
        orgNumber: values["org-number"],
        kind: values.kind,
        officer: values.officer,
        validUntil: values["valid-until"],
        linkExisting: values["link-existing"],
      });
      if (json) return io.stdout(toJson(body));
      const l = body.license;
      io.stdout(
        `Licence granted: ${printable(l.organisation)} (${printable(l.orgNumber)}, ${printable(l.kind)}), ` +
          `tenant ${printable(values.tenant)}, valid until ${printable(l.validUntil)}.\n`,
      );
    },
  },
  {
    words: ["licenses", "revoke"],
    required: ["tenant"],
    optional: ["org-number"],
    json: true,
    async run({ api, values, json, io }) {
      const body = await api.call<{ revoked: number; licenses: LicenseView[] }>("POST", "/licenses/revoke", {
        tenant: values.tenant,
        orgNumber: values["org-number"],
      });
      if (json) return io.stdout(toJson(body));
      io.stdout(
        body.revoked === 0
          ? `Tenant ${printable(values.tenant)} had no active licence to revoke.\n`
          : `Revoked ${body.revoked} licence${body.revoked === 1 ? "" : "s"} for tenant ${printable(values.tenant)}.\n`,
      );
      if (body.licenses.length > 0) io.stdout(renderTable(licenseColumns, body.licenses) + "\n");
    },
  },
  {
    words: ["licenses", "extend"],
    required: ["tenant", "until"],
    optional: ["org-number"],
    json: true,
    async run({ api, values, json, io }) {
      const body = await api.call<{ licenses: LicenseView[] }>("POST", "/licenses/extend", {
        tenant: values.tenant,
        until: values.until,
        orgNumber: values["org-number"],
      });
      if (json) return io.stdout(toJson(body));
      io.stdout(`Extended to ${printable(values.until)}:\n${renderTable(licenseColumns, body.licenses)}\n`);
    },
  },
  {
    words: ["invoices", "export"],
    required: ["month"],
    optional: ["out"],
    json: false,
    async run({ api, values, io }) {
      const csv = await api.text(`/invoices?month=${encodeURIComponent(values.month!)}`);
      const lines = invoiceLineCount(csv);
      if (values.out) {
        await writeFile(values.out, csv, "utf8");
        io.stderr(`Wrote ${lines} invoice line${lines === 1 ? "" : "s"} for ${values.month} to ${values.out}\n`);
      } else {
        // Printed to a terminal, a field must not be able to send escape sequences or reorder the text.
        io.stdout(
          csv
            .split("\r\n")
            .map((record) => replaceControlCharacters(record, " "))
            .join("\r\n"),
        );
      }
    },
  },
  {
    words: ["keys", "rotate"],
    required: [],
    optional: ["batch-size"],
    json: true,
    async run({ api, values, json, io }) {
      const batchText = values["batch-size"];
      const batchSize = batchText === undefined ? undefined : Number(batchText);
      if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 1000))
        throw new UsageError("keys rotate: --batch-size must be a whole number from 1 to 1000.");
      const report = await api.call<RotationReport>("POST", "/keys/rotate", { batchSize });
      if (json) return io.stdout(toJson(report));
      const tables = Object.keys(report.rotated) as Array<keyof RotationReport["rotated"]>;
      const line = (counts: RotationReport["rotated"]) => tables.map((t) => `${t} ${counts[t]}`).join(", ");
      io.stdout(`Re-encrypted under key ${printable(report.keyId)}: ${line(report.rotated)}.\n`);
      const remaining = tables.reduce((sum, t) => sum + report.remaining[t], 0);
      if (remaining === 0) io.stdout("Every record is under the current key; previous keys can be removed.\n");
      else
        io.stdout(
          `Still under another key: ${line(report.remaining)} (could not be opened: ${line(report.failed)}). ` +
            "Keep ENCRYPTION_KEYS_PREVIOUS until this is 0.\n",
        );
    },
  },
  {
    words: ["audit", "list"],
    required: ["since"],
    optional: ["org", "actor"],
    json: true,
    async run({ api, values, json, io }) {
      const query = new URLSearchParams({ since: values.since! });
      if (values.org) query.set("org", values.org);
      if (values.actor) query.set("actor", values.actor);
      const body = await api.call<{ entries: AuditEntryView[]; truncated: boolean }>("GET", `/audit?${query}`);
      if (json) return io.stdout(toJson(body));
      if (body.entries.length === 0) return io.stdout(`No audit entries since ${printable(values.since)}.\n`);
      io.stdout(renderTable(auditColumns, body.entries) + "\n");
      if (body.truncated)
        io.stdout(`Only the first ${body.entries.length} entries are shown: give a later --since or a filter.\n`);
    },
  },
];

const auditColumns: Array<Column<AuditEntryView>> = [
  { header: "AT (UTC)", value: (e) => e.at.slice(0, 19).replace("T", " ") },
  { header: "ACTOR", value: (e) => e.actor },
  { header: "ACTION", value: (e) => e.action },
  { header: "SUBJECT", value: (e) => e.subject },
  { header: "ORGANISATION", value: (e) => e.organisationId ?? "-" },
  { header: "PERSON", value: (e) => e.subjectUserId ?? "-" },
  { header: "CHANGE", value: (e) => change(e) },
];

/** Before and after on one line, e.g. {"role":"officer"} -> {"role":"official"}. */
function change(entry: AuditEntryView): string {
  const text = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));
  return [text(entry.before), text(entry.after)].filter(Boolean).join(" -> ");
}

const orderColumns: Array<Column<OrderView>> = [
  { header: "NUMBER", value: (o) => o.number },
  { header: "STATUS", value: (o) => o.status },
  { header: "ORDERED", value: (o) => o.orderDate },
  { header: "ORGANISATION", value: (o) => o.organisation },
  { header: "ORG NUMBER", value: (o) => o.orgNumber },
  { header: "KIND", value: (o) => o.kind },
  { header: "ORDERER", value: (o) => o.orderer.email },
  { header: "TENANT", value: (o) => o.tenantId },
];

/** What the operator must know before deciding on an order, below the table. */
function orderWarning(order: OrderView): string | undefined {
  const existing = order.existingOrganisation;
  if (existing)
    return (
      `! ${printable(order.number)}: ${printable(order.orgNumber)} belongs to an existing organisation, ` +
      `${printable(existing.name)} (tenants ${printable(existing.tenants.join(", ") || "none")}). ` +
      "Check with that organisation; approve only with --link-existing, and its security officer must then accept."
    );
  if (order.status === "awaiting_confirmation")
    return (
      `! ${printable(order.number)}: awaits confirmation by the organisation's security officer ` +
      `(or: officers accept|decline ${printable(order.number)}).`
    );
  return undefined;
}

const licenseColumns: Array<Column<LicenseView>> = [
  { header: "ORGANISATION", value: (l) => l.organisation },
  { header: "ORG NUMBER", value: (l) => l.orgNumber },
  { header: "KIND", value: (l) => l.kind },
  { header: "STATUS", value: (l) => l.status },
  { header: "VALID UNTIL", value: (l) => l.validUntil ?? "-" },
  { header: "ACCESS", value: (l) => l.accessMode },
  { header: "TENANTS", value: (l) => l.tenants.join(", ") },
];

/** Runs one command; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if (parsed === "help") {
      io.stdout(usage);
      return exitCodes.ok;
    }
    const api = new AdminClient(adminUrl(env), adminToken(env), io);
    await parsed.command.run({ ...parsed, api, io });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nRun \`npm run admin -- --help\` to see the commands.\n`);
      return exitCodes.usage;
    }
    if (error instanceof Failure) {
      io.stderr(`${error.message}\n`);
      return exitCodes.failure;
    }
    io.stderr(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.failure;
  }
}

function parseCommandLine(
  argv: string[],
): "help" | { command: Command; values: Values; argument: string; json: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") return "help";
  if (positionals.length === 0) throw new UsageError("No command given.");
  const [group, name, ...rest] = positionals;
  const normalisedGroup = group === "licences" ? "licenses" : group;
  const command = commands.find((c) => c.words[0] === normalisedGroup && c.words[1] === name);
  if (!command) throw new UsageError(`Unknown command: ${positionals.slice(0, 2).join(" ")}`);
  const commandLine = command.words.join(" ");

  const expected = command.argument ? 1 : 0;
  if (rest.length < expected) throw new UsageError(`${commandLine} needs <${command.argument}>.`);
  if (rest.length > expected) throw new UsageError(`${commandLine}: unexpected argument ${rest[expected]}`);

  const given = Object.entries(values).filter(([key]) => key !== "json" && key !== "help") as Array<
    [OptionName, string | boolean]
  >;
  for (const [key] of given) {
    if (!(command.required as OptionName[]).includes(key) && !command.optional.includes(key))
      throw new UsageError(`${commandLine} does not take --${key}.`);
  }
  const missing = command.required.filter((key) => !(values[key] as string | undefined)?.trim());
  if (missing.length > 0) throw new UsageError(`${commandLine} needs ${missing.map((key) => `--${key}`).join(", ")}.`);
  if (values.json && !command.json) throw new UsageError(`${commandLine} prints CSV; --json does not apply.`);

  return { command, values: Object.fromEntries(given) as Values, argument: rest[0] ?? "", json: values.json === true };
}

function adminUrl(env: NodeJS.ProcessEnv): URL {
  const text = env.ADMIN_URL?.trim() || `http://localhost:${env.PORT?.trim() || "3978"}`;
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
    return url;
  } catch {
    throw new Failure(`ADMIN_URL is not an http(s) URL: ${text}`);
  }
}

function adminToken(env: NodeJS.ProcessEnv): string {
  const token = env.ADMIN_TOKEN?.trim();
  if (!token)
    throw new Failure("ADMIN_TOKEN is not set: set it (or put it in .env) to the token the bot was started with.");
  return token;
}

/** JSON escapes C0 controls but not C1 or bidi ones; those are written as \u escapes too, still valid JSON. */
function toJson(body: unknown): string {
  const escape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  const lines = JSON.stringify(body, null, 2).split("\n");
  return lines.map((line) => replaceControlCharacters(line, escape)).join("\n") + "\n";
}

/** The admin API over fetch, with each way it can fail put in words for the operator. */
class AdminClient {
  private readonly base: string;

  constructor(
    url: URL,
    private readonly token: string,
    io: CliIo,
  ) {
    this.base = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
    const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    if (url.protocol === "http:" && !local)
      io.stderr(`Warning: ${url.origin} is plain http; the admin token is sent unencrypted.\n`);
  }

  async call<T>(method: "GET" | "POST", path: string, body?: Record<string, unknown>): Promise<T> {
    const response = await this.send(method, path, body);
    return (await response.json()) as T;
  }

  /** The body as sent: `Response.text()` would drop a byte-order mark, which the invoice CSV needs. */
  async text(path: string): Promise<string> {
    const bytes = await (await this.send("GET", path)).arrayBuffer();
    return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  }

  private async send(method: string, path: string, body?: Record<string, unknown>): Promise<Response> {
    const url = `${this.base}/api/admin${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: "application/json, text/csv",
          ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(withoutUndefined(body)) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
      throw new Failure(
        `Cannot reach the bot at ${this.base} (${why}).\n` +
          "The bot must be running, with ADMIN_TOKEN set; ADMIN_URL (or PORT) must point at it.",
      );
    }
    if (response.ok) return response;

    const problem = await errorMessage(response);
    switch (response.status) {
      case 401:
        throw new Failure(
          "The admin API refused the token (401): ADMIN_TOKEN is not the one the bot was started with.",
        );
      case 404:
        if (problem === undefined)
          throw new Failure(
            `There is no admin API at ${this.base}/api/admin (404): start the bot with ADMIN_TOKEN set, ` +
              "and check that ADMIN_URL points at it.",
          );
        throw new Failure(`Not found: ${problem}`);
      case 429:
        throw new Failure(
          `Too many requests (429): try again in ${response.headers.get("retry-after") ?? "a few"} seconds.`,
        );
      default:
        throw new Failure(
          `${response.status >= 500 ? "Server error" : "Refused"} (${response.status}): ${problem ?? response.statusText}`,
        );
    }
  }
}

/** The API's own `{ error }` message, or undefined when the response did not come from the admin API. */
async function errorMessage(response: Response): Promise<string | undefined> {
  if (!response.headers.get("content-type")?.includes("application/json")) return undefined;
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body.error === "string" ? printable(body.error) : undefined;
  } catch {
    return undefined;
  }
}

function withoutUndefined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

if (require.main === module) {
  runCli(process.argv.slice(2), process.env, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
