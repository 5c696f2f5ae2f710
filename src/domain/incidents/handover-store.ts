import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../../generated/prisma";
import { isUuid } from "./incident-store";

/** What a security officer answered: nothing yet, "Mottaget", or "Jag kontaktar dig". */
export const handoverStatuses = ["sent", "received", "contacting"] as const;
export type HandoverStatus = (typeof handoverStatuses)[number];
export type HandoverAnswer = Exclude<HandoverStatus, "sent">;

export interface Handover {
  id: string;
  recordId: string;
  officialUserId: string;
  officialTenantId: string | null;
  officialName: string;
  organisationId: string;
  officerUserId: string;
  officerName: string | null;
  officerConversation: unknown;
  officerActivityIds: string[];
  status: HandoverStatus;
  sentAt: Date;
  answeredAt: Date | null;
  expiresAt: Date;
}

export interface NewHandover {
  recordId: string;
  official: { userId: string; tenantId?: string; name: string };
  organisationId: string;
  officer: { userId: string; name?: string; conversation: unknown };
  expiresAt: Date;
}

/**
 * What an officer's press came to: their answer recorded (the colleagues who hold the same record are
 * to be told), nothing new (pressed before), or another officer had already answered.
 */
export type AnswerOutcome =
  | { kind: "answered"; handover: Handover; colleagues: Handover[] }
  | { kind: "unchanged" }
  | { kind: "takenBy"; holder: Handover };

/** Which answer may follow which: forward only, so a second press of the same button changes nothing. */
const answerableFrom: Record<HandoverAnswer, HandoverStatus[]> = {
  received: ["sent"],
  contacting: ["sent", "received"],
};

/**
 * Incidents an official handed over to security officers: one row per officer, holding where the
 * officer's copy is and what they answered, never the record's words. Every write is one statement,
 * so a press run on two instances at once, or run again, counts once.
 */
export class HandoverStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Records the hand-over to each officer who does not hold this record yet, before anything is sent;
   * returns the new rows (an officer who already has it is not sent it again).
   */
  async create(handovers: NewHandover[]): Promise<Handover[]> {
    const sentAt = this.now();
    const rows = handovers.map((h) => ({
      id: randomUUID(),
      recordId: h.recordId,
      officialUserId: h.official.userId,
      officialTenantId: h.official.tenantId ?? null,
      officialName: h.official.name,
      organisationId: h.organisationId,
      officerUserId: h.officer.userId,
      officerName: h.officer.name ?? null,
      officerConversation: h.officer.conversation as Prisma.InputJsonValue,
      officerActivityIds: [],
      sentAt,
      expiresAt: h.expiresAt,
    }));
    if (rows.length === 0) return [];
    await this.prisma.incidentHandover.createMany({ data: rows, skipDuplicates: true });
    const created = await this.prisma.incidentHandover.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    return created.map(toHandover);
  }

  /** Where the officer's copy landed, once the Bot Connector has taken it. */
  async setActivityIds(id: string, activityIds: string[]): Promise<void> {
    await this.prisma.incidentHandover.updateMany({ where: { id }, data: { officerActivityIds: activityIds } });
  }

  /** A hand-over the officer's copy could not reach: it never happened. */
  async forget(id: string): Promise<void> {
    await this.prisma.incidentHandover.deleteMany({ where: { id } });
  }

  async get(id: string): Promise<Handover | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.prisma.incidentHandover.findFirst({ where: { id, expiresAt: { gt: this.now() } } });
    return row ? toHandover(row) : undefined;
  }

  /**
   * The officer's answer, once, and by one officer per record: the first officer to answer holds it,
   * so two officers never both set out to call the official. Only the officer the hand-over names can
   * answer it. The record's rows are locked first (in one order), so two officers pressing at once, on
   * two instances, are decided one after the other.
   */
  async answer(id: string, officerUserId: string, answer: HandoverAnswer): Promise<AnswerOutcome> {
    if (!isUuid(id)) return { kind: "unchanged" };
    const locked = await this.prisma.$queryRaw<Array<{ id: string }>>`
      SELECT h.id FROM incident_handover h
      JOIN incident_handover mine ON mine.official_user_id = h.official_user_id AND mine.record_id = h.record_id
      WHERE mine.id = ${id}::uuid
      ORDER BY h.id FOR UPDATE OF h`;
    const rows = (
      await this.prisma.incidentHandover.findMany({
        where: { id: { in: locked.map((r) => r.id) }, expiresAt: { gt: this.now() } },
      })
    ).map(toHandover);
    const mine = rows.find((h) => h.id === id);
    if (!mine || mine.officerUserId !== officerUserId) return { kind: "unchanged" };
    const holder = rows.find((h) => h.id !== id && h.status !== "sent");
    if (holder) return { kind: "takenBy", holder };
    if (!answerableFrom[answer].includes(mine.status)) return { kind: "unchanged" };
    const answered = { ...mine, status: answer, answeredAt: this.now() };
    await this.prisma.incidentHandover.update({
      where: { id },
      data: { status: answered.status, answeredAt: answered.answeredAt },
    });
    return { kind: "answered", handover: answered, colleagues: rows.filter((h) => h.id !== id) };
  }

  /** The official's own hand-overs that have not expired, oldest first. */
  async listForOfficial(officialUserId: string): Promise<Handover[]> {
    const rows = await this.prisma.incidentHandover.findMany({
      where: { officialUserId, expiresAt: { gt: this.now() } },
      orderBy: [{ sentAt: "asc" }, { officerName: "asc" }],
    });
    return rows.map(toHandover);
  }

  /** Withdraws a record from every officer: deletes its rows and returns them, so the copies can be replaced. */
  async withdraw(officialUserId: string, recordId: string): Promise<Handover[]> {
    const rows = await this.prisma.incidentHandover.findMany({ where: { officialUserId, recordId } });
    if (rows.length === 0) return [];
    await this.prisma.incidentHandover.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
    return rows.map(toHandover);
  }

  /** Deletes every hand-over whose retention has run out. Safe to run on several instances at once. */
  async purgeExpired(now: Date = this.now()): Promise<number> {
    const { count } = await this.prisma.incidentHandover.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}

/** A stored row as a hand-over: a status the code does not know reads as "sent". */
function toHandover(row: Omit<Handover, "status"> & { status: string }): Handover {
  const status = (handoverStatuses as readonly string[]).includes(row.status) ? (row.status as HandoverStatus) : "sent";
  return { ...row, status };
}
