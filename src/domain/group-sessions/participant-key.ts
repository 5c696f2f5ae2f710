import { createHash, randomBytes } from "node:crypto";

/** A new session's salt: random, stored with the session only while it runs. */
export function newSessionSalt(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What an answer is stored under instead of a user id: the same person gets the same key within one
 * session (so a second answer replaces the first), and without the salt, which is cleared when the
 * session ends, no key can be traced back to anyone.
 */
export function participantKey(salt: string, userId: string): string {
  return createHash("sha256").update(salt).update(userId).digest("hex");
}
