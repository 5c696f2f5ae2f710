import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma";

/** Who did it: "operator" for the admin API, or "officer:<user id>" for a security officer in Teams. */
export type Actor = string;

type Client = PrismaClient | Prisma.TransactionClient;

/** Every change to orders, licences, access and contacts is written here, with before and after. */
export async function writeAudit(
  db: Client,
  entry: { actor: Actor; action: string; subject: string; before?: unknown; after?: unknown },
): Promise<void> {
  await db.auditEntry.create({
    data: {
      id: randomUUID(),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}
