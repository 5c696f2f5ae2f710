import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Encrypts what users write and choose to save (AES-256-GCM). Each record gets a fresh random nonce,
 * is bound to its record id as associated data (so ciphertext cannot be moved to another row), and
 * carries the id of the key that sealed it, so keys can be rotated without a flag day.
 */
export interface SealedField {
  keyId: string;
  nonce: Uint8Array;
  /** Ciphertext followed by the 16-byte GCM authentication tag. */
  ciphertext: Uint8Array;
}

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const nonceBytes = 12;
const tagBytes = 16;

export class FieldCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly current: EncryptionKey,
    olderKeys: EncryptionKey[] = [],
  ) {
    for (const { id, key } of [current, ...olderKeys]) {
      if (key.length !== 32) throw new Error(`Encryption key '${id}' must be 32 bytes, got ${key.length}`);
    }
    this.keys = new Map([...olderKeys, current].map(({ id, key }) => [id, key]));
  }

  /** The id new records are sealed under; records carrying another id are due for rotation. */
  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plaintext: string, recordId: string): SealedField {
    const nonce = randomBytes(nonceBytes);
    const cipher = createCipheriv("aes-256-gcm", this.current.key, nonce);
    cipher.setAAD(Buffer.from(recordId, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return { keyId: this.current.id, nonce, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
  }

  open(sealed: SealedField, recordId: string): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`No encryption key with id '${sealed.keyId}' is configured`);
    const data = Buffer.from(sealed.ciphertext);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.nonce));
    decipher.setAAD(Buffer.from(recordId, "utf8"));
    decipher.setAuthTag(data.subarray(data.length - tagBytes));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - tagBytes)), decipher.final()]).toString(
      "utf8",
    );
  }
}
