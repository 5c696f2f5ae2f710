import { randomUUID } from "node:crypto";
import type { AuditEntry, Prisma, PrismaClient } from "../../generated/prisma";

/**
 * Who did it: "operator" for the admin API, "officer:<user id>" for a security officer in Teams,
 * "system" for what the bot does by itself (linking an e-mail grant, purging inactive users).
 */
export type Actor = string;

export const systemActor = "system";

type Client = PrismaClient | Prisma.TransactionClient;

export interface AuditInput {
  actor: Actor;
  action: string;
  subject: string;
  /** The organisation concerned; found from the subject (organisation:, membership:, licence:, order:) when not given. */
  organisationId?: string | null;
  /** The Entra object id of the person concerned, so an erasure can find the entry by id. */
  subjectUserId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Every change to orders, licences, access and contacts is written here, with before and after. */
export async function writeAudit(db: Client, entry: AuditInput): Promise<void> {
  await db.auditEntry.create({
    data: {
      id: randomUUID(),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      organisationId: entry.organisationId ?? (await organisationOfSubject(db, entry.subject)),
      subjectUserId: entry.subjectUserId ?? undefined,
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}

export interface AuditQuery {
  since: Date;
  organisationId?: string;
  /** An actor as written ("operator", "system", "officer:<id>") or a bare user id (matches "officer:<id>"). */
  actor?: string;
  limit: number;
}

/** The operator's view of the log, oldest first; `truncated` when more entries matched than `limit`. */
export async function listAudit(db: Client, query: AuditQuery): Promise<{ entries: AuditEntry[]; truncated: boolean }> {
  const rows = await db.auditEntry.findMany({
    where: {
      at: { gte: query.since },
      ...(query.actor ? { actor: { in: [query.actor, `officer:${query.actor}`] } } : {}),
      ...(query.organisationId
        ? {
            OR: [
              { organisationId: query.organisationId },
              // An erasure names every organisation the person left.
              { after: { path: ["organisationIds"], array_contains: [query.organisationId] } },
            ],
          }
        : {}),
    },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    take: query.limit + 1,
  });
  return { entries: rows.slice(0, query.limit), truncated: rows.length > query.limit };
}

async function organisationOfSubject(db: Client, subject: string): Promise<string | undefined> {
  const [kind, id] = splitSubject(subject);
  if (!id) return undefined;
  switch (kind) {
    case "organisation":
      return id;
    case "membership":
      return (await db.membership.findUnique({ where: { id }, select: { organisationId: true } }))?.organisationId;
    case "licence":
      return (await db.licence.findUnique({ where: { id }, select: { organisationId: true } }))?.organisationId;
    case "order":
      return (
        (await db.order.findUnique({ where: { id }, select: { organisationId: true } }))?.organisationId ?? undefined
      );
    default:
      return undefined;
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function splitSubject(subject: string): [string, string | undefined] {
  const at = subject.indexOf(":");
  if (at < 0) return [subject, undefined];
  const id = subject.slice(at + 1);
  // Only ids reach the uuid columns; anything else names no row.
  return [subject.slice(0, at), uuidPattern.test(id) ? id : undefined];
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}
