import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma";
import type { FieldCipher } from "../../platform/crypto/field-cipher";
import type { UserRef } from "../progress/progress-store";
import { parseIncidentRecord, type IncidentRecord } from "./incident-record";

export interface SavedIncident {
  id: string;
  record: IncidentRecord;
  createdAt: Date;
  expiresAt: Date;
  /** The draft it was saved from; a summary sent from that draft names it as its record id. */
  saveKey?: string;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Incidents the user chose to save. The whole record (every word the user wrote) is one AES-256-GCM
 * sealed field bound to the row id; only the owner's id, the tenant and the dates are in the clear.
 * Each row carries its own expiry, so a purge is one idempotent DELETE.
 */
export class IncidentStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cipher: FieldCipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * `saveKey` names the draft it is saved from: saving it again returns the incident already saved
   * (a unique key on (user, saveKey)), so two instances or an old card cannot store it twice.
   */
  async save(user: UserRef, record: IncidentRecord, retentionDays: number, saveKey?: string): Promise<SavedIncident> {
    if (saveKey) {
      const existing = await this.prisma.incident.findUnique({
        where: { userId_saveKey: { userId: user.userId, saveKey } },
      });
      if (existing) return this.open(existing);
    }
    const id = randomUUID();
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + retentionDays * dayMs);
    const sealed = this.cipher.seal(JSON.stringify(record), id);
    const { count } = await this.prisma.incident.createMany({
      skipDuplicates: true,
      data: {
        id,
        userId: user.userId,
        tenantId: user.tenantId ?? null,
        keyId: sealed.keyId,
        nonce: Buffer.from(sealed.nonce),
        ciphertext: Buffer.from(sealed.ciphertext),
        createdAt,
        expiresAt,
        saveKey: saveKey ?? null,
      },
    });
    if (count === 0 && saveKey) {
      // Saved at the same moment by a concurrent turn, which committed first.
      const existing = await this.prisma.incident.findUnique({
        where: { userId_saveKey: { userId: user.userId, saveKey } },
      });
      if (existing) return this.open(existing);
    }
    return { id, record, createdAt, expiresAt, saveKey };
  }

  /** The user's own incidents that have not expired, newest first. */
  async listForUser(userId: string): Promise<SavedIncident[]> {
    const rows = await this.prisma.incident.findMany({
      where: { userId, expiresAt: { gt: this.now() } },
      orderBy: { createdAt: "desc" },
    });
    return rows.map((row) => this.open(row));
  }

  /** One incident, only for its owner: another user's id gives undefined, as an unknown id does. */
  async get(userId: string, id: string): Promise<SavedIncident | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.prisma.incident.findFirst({ where: { id, userId, expiresAt: { gt: this.now() } } });
    return row ? this.open(row) : undefined;
  }

  /** Deletes the user's own incident; true when something was deleted. */
  async delete(userId: string, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const { count } = await this.prisma.incident.deleteMany({ where: { id, userId } });
    return count > 0;
  }

  /** Deletes every incident whose retention has run out. Safe to run on several instances at once. */
  async purgeExpired(now: Date = this.now()): Promise<number> {
    const { count } = await this.prisma.incident.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }

  private open(row: {
    id: string;
    keyId: string;
    nonce: Uint8Array;
    ciphertext: Uint8Array;
    createdAt: Date;
    expiresAt: Date;
    saveKey: string | null;
  }): SavedIncident {
    const json = this.cipher.open({ keyId: row.keyId, nonce: row.nonce, ciphertext: row.ciphertext }, row.id);
    return {
      id: row.id,
      record: parseIncidentRecord(json),
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      ...(row.saveKey ? { saveKey: row.saveKey } : {}),
    };
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id column is a UUID; anything else from a card could never match and would make PostgreSQL throw. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
