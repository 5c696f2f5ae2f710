import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma";
import type { FieldCipher } from "../../platform/crypto/field-cipher";
import type { HotStatements } from "../../platform/storage/hot-statements";
import type { UserRef } from "../progress/progress-store";

/** The longest answer we keep; longer answers are sent back to the user to shorten, never cut. */
export const maxReflectionLength = 2000;

export interface SavedReflection {
  id: string;
  themeId: string;
  stepId: string;
  answer: string;
  createdAt: Date;
}

export type SaveResult =
  /** `alreadySaved`: this save key was saved before (the same card pressed again); nothing new is stored. */
  { saved: true; alreadySaved: boolean } | { saved: false; reason: "empty" | "tooLong"; length: number };

/** Reflection answers the user chose to save, stored only as ciphertext. */
export class ReflectionStore {
  constructor(
    private readonly prisma: PrismaClient,
    /** The save runs in the turn that asks for it. */
    private readonly hot: HotStatements,
    private readonly cipher: FieldCipher,
  ) {}

  /**
   * `saveKey` names the save (the card and step it came from): saving it again is a no-op, enforced by a
   * unique key on (user, saveKey), so neither a double click, a second instance nor a retried turn can
   * store the answer twice. Without a key (a card from before keys) every call stores.
   */
  async save(user: UserRef, themeId: string, stepId: string, answer: string, saveKey?: string): Promise<SaveResult> {
    const text = answer.trim();
    if (text.length === 0) return { saved: false, reason: "empty", length: 0 };
    if (text.length > maxReflectionLength) return { saved: false, reason: "tooLong", length: text.length };

    const id = randomUUID();
    const sealed = this.cipher.seal(text, id);
    const inserted = await this.hot.insertReflection({
      id,
      userId: user.userId,
      themeId,
      stepId,
      keyId: sealed.keyId,
      nonce: Buffer.from(sealed.nonce),
      ciphertext: Buffer.from(sealed.ciphertext),
      saveKey: saveKey ?? null,
    });
    return { saved: true, alreadySaved: !inserted };
  }

  async listForUser(userId: string): Promise<SavedReflection[]> {
    const rows = await this.prisma.reflection.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
    return rows.map((row) => ({
      id: row.id,
      themeId: row.themeId,
      stepId: row.stepId,
      answer: this.cipher.open({ keyId: row.keyId, nonce: row.nonce, ciphertext: row.ciphertext }, row.id),
      createdAt: row.createdAt,
    }));
  }
}
