import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma";
import type { FieldCipher } from "../../platform/crypto/field-cipher";

export interface DownloadFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** A download's name: its base, the day (UTC) it is of and the extension, e.g. `mina-data-2026-12-01.pdf`. */
export function datedFileName(base: string, day: Date, extension: "pdf" | "json"): string {
  return `${base}-${day.toISOString().slice(0, 10)}.${extension}`;
}

/** How long a download link works unless the caller says otherwise. */
export const defaultDownloadTtlMinutes = 15;

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * Files behind short-lived secret links. The link's token (32 random bytes) is given to the user
 * once; only its SHA-256 is stored, so the database alone cannot produce a working link. The file
 * itself is sealed like every other thing the user wrote, bound to the row id.
 */
export class DownloadStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cipher: FieldCipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(
    userId: string,
    fileName: string,
    contentType: string,
    bytes: Buffer,
    ttlMinutes: number = defaultDownloadTtlMinutes,
  ): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    const id = randomUUID();
    const sealed = this.cipher.seal(bytes.toString("base64"), id);
    const createdAt = this.now();
    await this.prisma.download.create({
      data: {
        id,
        tokenHash: hashToken(token),
        userId,
        fileName,
        contentType,
        keyId: sealed.keyId,
        nonce: Buffer.from(sealed.nonce),
        ciphertext: Buffer.from(sealed.ciphertext),
        createdAt,
        expiresAt: new Date(createdAt.getTime() + ttlMinutes * 60_000),
      },
    });
    return token;
  }

  /** The file behind a token while its link is valid; undefined for an unknown, malformed or expired token. */
  async take(token: string): Promise<DownloadFile | undefined> {
    if (!tokenPattern.test(token)) return undefined;
    const row = await this.prisma.download.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!row || row.expiresAt <= this.now()) return undefined;
    const base64 = this.cipher.open({ keyId: row.keyId, nonce: row.nonce, ciphertext: row.ciphertext }, row.id);
    return { fileName: row.fileName, contentType: row.contentType, bytes: Buffer.from(base64, "base64") };
  }

  async purgeExpired(now: Date = this.now()): Promise<number> {
    const { count } = await this.prisma.download.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
