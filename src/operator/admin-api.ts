import { createHash, timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { z } from "zod/v4";
import type { AuditEntry, Order, PrismaClient } from "../generated/prisma";
import { orderStatuses, type ListedOrder } from "../domain/licensing/orders";
import { orgKinds } from "../domain/licensing/access";
import { listAudit, writeAudit } from "../domain/licensing/audit-log";
import { parseIsoDate, startOfSwedishDay, swedishDate, swedishMonth } from "../domain/licensing/calendar";
import { invoicesCsv } from "../domain/licensing/invoices";
import { LicensingError, type LicenceSummary } from "../domain/licensing/licences";
import type { Licensing } from "../domain/licensing/licensing";
import { normaliseOrgNumber } from "../domain/licensing/org-number";
import { logger } from "../platform/logger";
import type { FieldCipher } from "../platform/crypto/field-cipher";
import { rotateKeys } from "../platform/crypto/key-rotation";

/** Every change made through this API is audited as done by the operator. */
export const operatorActor = "operator";

export interface AdminRateLimits {
  /** Requests with the right token per minute. */
  requestsPerMinute?: number;
  /** Failed bearer-token attempts per client address and 15 minutes before further failures get 429. */
  failedAuthPer15Minutes?: number;
}

export interface AdminApiDependencies {
  licensing: Licensing;
  prisma: PrismaClient;
  /** The bearer token the operator's CLI sends; the API is only created when it is configured. */
  token: string;
  rateLimits?: AdminRateLimits;
  /** For `keys rotate`: re-seals stored records under the current key. Without it the endpoint is absent. */
  cipher?: FieldCipher;
}

/**
 * The service operator's JSON API (mounted at /api/admin): orders, licences and the invoice export.
 * Nothing here reads reflections or incident notes, and nothing may: the operator has no business with
 * what officials write.
 */
export function createAdminApi({
  licensing,
  prisma,
  token,
  rateLimits = {},
  cipher,
}: AdminApiDependencies): express.Router {
  if (!token) throw new Error("createAdminApi needs a token");
  const expectedDigest = sha256(token);
  // The operator's requests are limited by the token, not the address, so no one else can use them up.
  const operatorLimiter = new RateLimiterMemory({ points: rateLimits.requestsPerMinute ?? 60, duration: 60 });
  const failedAuthLimit = rateLimits.failedAuthPer15Minutes ?? 10;
  const failedAuthLimiter = new RateLimiterMemory({ points: failedAuthLimit, duration: 15 * 60 });

  const router = express.Router();

  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  // The token is checked first (a constant-time compare, no database), so the right token always gets in:
  // failed attempts lock out the address they come from, never the operator. "The address" is the client
  // as the deployment sees it: behind an ingress set TRUST_PROXY, or every client shares the proxy's.
  router.use(async (req, res, next) => {
    const key = clientKey(req);
    const presented = bearerToken(req.get("authorization"));
    const authorised = presented !== undefined && timingSafeEqual(sha256(presented), expectedDigest);
    try {
      if (authorised) {
        await operatorLimiter.consume(operatorActor);
        return next();
      }
      const failed = await failedAuthLimiter.get(key);
      if (failed && failed.consumedPoints >= failedAuthLimit) {
        logger.warn({ ip: key, path: req.path }, "admin API: wrong bearer token from a locked-out address");
        return tooManyRequests(res, failed.msBeforeNext);
      }
      const counted = await failedAuthLimiter.consume(key).catch((error: unknown) => {
        if (error instanceof RateLimiterRes) return error;
        throw error;
      });
      if (counted.consumedPoints === failedAuthLimit) {
        logger.warn(
          { ip: key, failures: failedAuthLimit, lockedForSeconds: Math.ceil(counted.msBeforeNext / 1000) },
          "admin API: address locked out after repeated wrong bearer tokens",
        );
      }
    } catch (error) {
      if (error instanceof RateLimiterRes) return tooManyRequests(res, error.msBeforeNext);
      return next(error);
    }
    logger.warn({ ip: key, path: req.path }, "admin API: missing or wrong bearer token");
    res.set("WWW-Authenticate", 'Bearer realm="admin"');
    res.status(401).json({ error: "Missing or wrong bearer token" });
  });

  router.use(express.json({ limit: "16kb" }));

  router.get("/orders", async (req, res) => {
    const { status } = parse(listOrdersQuery, req.query);
    const orders = await licensing.orders.list(status);
    res.json({ orders: orders.map(orderView) });
  });

  router.post("/orders/:id/approve", async (req, res) => {
    const { validUntil, linkExisting } = parse(approveBody, req.body ?? {});
    const order = await licensing.orders.approve(orderId(req.params.id), operatorActor, validUntil, { linkExisting });
    // An order linked to an existing organisation issues nothing until that organisation accepts.
    const license =
      order.status === "approved"
        ? (await licensing.licences.list()).find((l) => l.organisationId === order.organisationId)
        : undefined;
    res.json({ order: orderView(order), license: license ? licenseView(license) : null });
  });

  // The operator's decision on an order awaiting an existing organisation's confirmation.
  router.post("/officers/:id/accept", async (req, res) => {
    parse(acceptBody, req.body ?? {});
    const order = await licensing.orders.acceptLink(orderId(req.params.id), { actor: operatorActor });
    res.json({ order: orderView(order) });
  });

  router.post("/officers/:id/decline", async (req, res) => {
    const { reason } = parse(declineBody, req.body ?? {});
    const order = await licensing.orders.declineLink(orderId(req.params.id), { actor: operatorActor }, reason);
    res.json({ order: orderView(order) });
  });

  router.post("/orders/:id/reject", async (req, res) => {
    const { reason } = parse(rejectBody, req.body ?? {});
    const order = await licensing.orders.reject(orderId(req.params.id), reason, operatorActor);
    res.json({ order: orderView(order) });
  });

  router.get("/licenses", async (_req, res) => {
    res.json({ licenses: (await licensing.licences.list()).map(licenseView) });
  });

  router.post("/licenses", async (req, res) => {
    const body = parse(grantBody, req.body ?? {});
    const license = await licensing.licences.grant(
      {
        tenantId: body.tenant,
        orgName: body.org,
        orgNumber: body.orgNumber,
        kind: body.kind,
        officerEmail: body.officer,
        validUntil: body.validUntil,
        linkExisting: body.linkExisting,
      },
      operatorActor,
    );
    res.status(201).json({ license: licenseView(license) });
  });

  router.post("/licenses/revoke", async (req, res) => {
    const body = parse(revokeBody, req.body ?? {});
    const revoked = await licensing.licences.revoke(body.tenant, operatorActor, body.orgNumber);
    const licenses = (await licensing.licences.list()).filter((l) => l.tenants.includes(body.tenant));
    res.json({ revoked, licenses: licenses.map(licenseView) });
  });

  router.post("/licenses/extend", async (req, res) => {
    const body = parse(extendBody, req.body ?? {});
    const licenses = await licensing.licences.extend(body.tenant, body.until, operatorActor, body.orgNumber);
    res.json({ licenses: licenses.map(licenseView) });
  });

  router.get("/invoices", async (req, res) => {
    const { month } = parse(invoicesQuery, req.query);
    const csv = await invoicesCsv(prisma, month);
    res
      .type("text/csv; charset=utf-8")
      .set("Content-Disposition", `attachment; filename="invoices-${month}.csv"`)
      .send(csv);
  });

  // Counts only: the records are opened and sealed again inside the bot, never sent anywhere.
  router.post("/keys/rotate", async (req, res, next) => {
    if (!cipher) return next();
    const { batchSize } = parse(rotateBody, req.body ?? {});
    const report = await rotateKeys(prisma, cipher, { batchSize });
    // Counts and key ids only: a key itself never reaches the log.
    await writeAudit(prisma, {
      actor: operatorActor,
      action: "keys.rotate",
      subject: `key:${report.keyId}`,
      after: report,
    });
    res.json(report);
  });

  // The audit log, read-only: who changed what, when. Nothing in it is a secret; keys that could hold
  // one are blanked all the same, so the log can never hand a token to whoever reads it.
  router.get("/audit", async (req, res) => {
    const query = parse(auditQuery, req.query);
    const organisationId = query.org ? await organisationIdOf(prisma, query.org) : undefined;
    const { entries, truncated } = await listAudit(prisma, {
      since: startOfSwedishDay(query.since)!,
      organisationId,
      actor: query.actor,
      limit: query.limit ?? 1000,
    });
    res.json({ entries: entries.map(auditEntryView), truncated });
  });

  router.use((_req, res) => {
    res.status(404).json({ error: "No such admin endpoint" });
  });

  router.use(((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (error instanceof BadRequest) return void res.status(400).json({ error: error.message });
    if (error instanceof LicensingError) {
      const status = { notFound: 404, invalid: 400, conflict: 409 }[error.code];
      return void res.status(status).json({ error: error.message });
    }
    const status = (error as { status?: unknown })?.status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      const message =
        (error as { type?: string }).type === "entity.parse.failed"
          ? "The body is not valid JSON"
          : status === 413
            ? "The body is too large"
            : "Bad request";
      return void res.status(status).json({ error: message });
    }
    logger.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, "admin API failed");
    res.status(500).json({ error: "Internal error" });
  }) as express.ErrorRequestHandler);

  return router;
}

// ---------------------------------------------------------------------------------------------------
// Requests

class BadRequest extends Error {}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.join(".");
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  throw new BadRequest(problems.join("; "));
}

const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`);

const calendarDate = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
  .refine((value) => parseIsoDate(value) !== undefined, "must be a date YYYY-MM-DD");

/** Starting a licence that has already ended is always a typo. */
const notPast = calendarDate.refine((value) => value >= swedishDate(new Date()), "must be today or later (YYYY-MM-DD)");

const orgNumber = text(20).refine(
  (value) => normaliseOrgNumber(value) !== undefined,
  "must be a Swedish organisation number nnnnnn-nnnn",
);

const listOrdersQuery = z.object({
  status: z.enum(orderStatuses, { error: `must be one of ${orderStatuses.join(", ")}` }).optional(),
});

const approveBody = z.strictObject({ validUntil: notPast.optional(), linkExisting: z.boolean().optional() });

const acceptBody = z.strictObject({});

const declineBody = z.strictObject({ reason: text(1000).optional() });

const rejectBody = z.strictObject({ reason: text(1000) });

const grantBody = z.strictObject({
  tenant: text(100),
  org: text(200),
  orgNumber,
  kind: z.enum(orgKinds, { error: `must be one of ${orgKinds.join(", ")}` }),
  officer: z.email("must be an e-mail address").max(254).optional(),
  validUntil: notPast.optional(),
  linkExisting: z.boolean().optional(),
});

const revokeBody = z.strictObject({ tenant: text(100), orgNumber: orgNumber.optional() });

const extendBody = z.strictObject({ tenant: text(100), until: calendarDate, orgNumber: orgNumber.optional() });

const rotateBody = z.strictObject({ batchSize: z.number().int().min(1).max(1000).optional() });

const invoicesQuery = z.object({
  month: z
    .string({ error: "is required (YYYY-MM)" })
    .refine((value) => swedishMonth(value) !== undefined, "must be a month YYYY-MM"),
});

const auditQuery = z.object({
  since: calendarDate,
  org: text(100).optional(),
  actor: text(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

/** An organisation by its id or its organisation number. */
async function organisationIdOf(prisma: PrismaClient, idOrNumber: string): Promise<string> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber);
  const orgNumber = isUuid ? undefined : normaliseOrgNumber(idOrNumber);
  if (!isUuid && !orgNumber) throw new BadRequest("org: must be an organisation id or number nnnnnn-nnnn");
  const organisation = await prisma.organisation.findFirst({ where: isUuid ? { id: idOrNumber } : { orgNumber } });
  if (!organisation) throw new LicensingError("notFound", `No organisation ${idOrNumber}`);
  return organisation.id;
}

function orderId(value: string): string {
  if (value.length > 100) throw new BadRequest("id: is too long");
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Responses: plain data, calendar dates as YYYY-MM-DD (Swedish time), instants as ISO 8601.

export interface OrderView {
  id: string;
  number: string;
  status: string;
  tenantId: string;
  organisation: string;
  orgNumber: string;
  kind: string;
  orderer: { name: string; email: string; phone: string };
  invoiceReference: string;
  priceExclVat: number;
  orderDate: string;
  createdAt: string;
  decidedAt: string | null;
  rejectReason: string | null;
  organisationId: string | null;
  /** A pending order whose organisation number belongs to an organisation of other tenants. */
  existingOrganisation: { id: string; name: string; orgNumber: string; tenants: string[] } | null;
  /** The licence end approved for an order awaiting the existing organisation's confirmation. */
  approvedUntil: string | null;
}

export interface LicenseView {
  organisationId: string;
  organisation: string;
  orgNumber: string;
  kind: string;
  tenants: string[];
  status: LicenceSummary["status"];
  validUntil: string | null;
  accessMode: string;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  action: string;
  subject: string;
  organisationId: string | null;
  /** The person concerned, by Entra object id, or their pseudonym once they erased their data. */
  subjectUserId: string | null;
  before: unknown;
  after: unknown;
}

function auditEntryView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    organisationId: entry.organisationId,
    subjectUserId: entry.subjectUserId,
    before: withoutSecrets(entry.before),
    after: withoutSecrets(entry.after),
  };
}

const secretKey = /token|secret|password|key$/i;

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        secretKey.test(k) && typeof v === "string" ? "[hidden]" : withoutSecrets(v),
      ]),
    );
  return value;
}

function orderView(order: Order | ListedOrder): OrderView {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    tenantId: order.tenantId,
    organisation: order.orgName,
    orgNumber: order.orgNumber,
    kind: order.kind,
    orderer: { name: order.ordererName, email: order.ordererEmail, phone: order.ordererPhone },
    invoiceReference: order.invoiceReference,
    priceExclVat: order.priceExclVatOre / 100,
    orderDate: swedishDate(order.createdAt),
    createdAt: order.createdAt.toISOString(),
    decidedAt: order.decidedAt?.toISOString() ?? null,
    rejectReason: order.rejectReason,
    organisationId: order.organisationId,
    existingOrganisation: "existingOrganisation" in order ? order.existingOrganisation : null,
    approvedUntil: order.approvedUntil ? swedishDate(order.approvedUntil) : null,
  };
}

function licenseView(licence: LicenceSummary): LicenseView {
  return {
    organisationId: licence.organisationId,
    organisation: licence.organisation,
    orgNumber: licence.orgNumber,
    kind: licence.kind,
    tenants: licence.tenants,
    status: licence.status,
    validUntil: licence.validUntil ? swedishDate(licence.validUntil) : null,
    accessMode: licence.accessMode,
  };
}

// ---------------------------------------------------------------------------------------------------
// Authentication and rate limiting

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return match?.[1];
}

function clientKey(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}

function tooManyRequests(res: Response, msBeforeNext: number): void {
  res.set("Retry-After", String(Math.max(1, Math.ceil(msBeforeNext / 1000))));
  res.status(429).json({ error: "Too many requests; try again later" });
}
