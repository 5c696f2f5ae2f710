import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { EncryptionKey } from "./field-cipher";

/**
 * The key comes from configuration. In development, where nobody should have to generate one, a key
 * is made on first start and kept in the data folder beside the database it protects.
 */
export function resolveEncryptionKey(options: {
  configuredKey?: string;
  keyId: string;
  dataDir: string;
  production: boolean;
}): EncryptionKey {
  if (options.configuredKey) return { id: options.keyId, key: Buffer.from(options.configuredKey, "base64") };
  if (options.production) throw new Error("ENCRYPTION_KEY is required in production");

  const file = path.join(options.dataDir, "encryption-key.dev");
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  }
  return { id: "dev", key: Buffer.from(readFileSync(file, "utf8").trim(), "base64") };
}

/** `ENCRYPTION_KEYS_PREVIOUS` ("id:base64,id:base64") as keys FieldCipher can still open records with. */
export function parsePreviousKeys(value: string | undefined): EncryptionKey[] {
  if (!value) return [];
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(":");
      return { id: entry.slice(0, separator), key: Buffer.from(entry.slice(separator + 1), "base64") };
    });
}
