import { createHmac, randomBytes } from "node:crypto";
import pino from "pino";

/**
 * JSON lines on stdout. Never log message text, card input, names or e-mail addresses: what users
 * write here is about threats against them. As a second line of defence the fields that could carry
 * such things are redacted whatever a caller passes, and user and tenant ids are replaced by a keyed
 * hash (see `hashId`), so a log line can be correlated with others but not with a person.
 */

let hashSecret: Buffer = randomBytes(32);

/** The secret the id hashes are keyed with; set at start from the encryption key, so hashes are stable across instances. */
export function setLogHashSecret(secret: Buffer): void {
  hashSecret = createHmac("sha256", secret).update("log-id-hash", "utf8").digest();
}

/** HMAC-SHA-256 of an id, truncated to 16 hex characters: the same id gives the same hash, and no one can reverse it. */
export function hashId(id: unknown): string | undefined {
  if (id === undefined || id === null || id === "") return undefined;
  return `h:${createHmac("sha256", hashSecret).update(String(id), "utf8").digest("hex").slice(0, 16)}`;
}

/** Fields that carry what people wrote or who they are; replaced wherever they appear in a log object. */
export const redactedPaths = [
  "text",
  "value",
  "name",
  "email",
  "displayName",
  "phone",
  "body",
  "answer",
  "activity",
  "*.text",
  "*.value",
  "*.email",
  "*.displayName",
  "*.phone",
  "*.body",
  "*.answer",
  "*.activity",
  "*.from",
  "*.ordererName",
  "*.ordererEmail",
  "*.ordererPhone",
];

const maxErrorLine = 300;
const maxErrorMessage = 1000;
const maxErrorStack = 4000;
const codeFrameLine = /^\s*(→\s*)?\d+\s*\|/;

/**
 * Every `err` in a log line goes through here, whoever logs it. Prisma writes a code frame of the calling
 * source into its messages, and from bundled or minified code one frame line can be tens of kilobytes;
 * the frame says nothing the stack does not, so it is dropped, and every line and the whole is capped.
 */
export function errorForLog(error: unknown): unknown {
  if (error === null || typeof error !== "object")
    return error === undefined ? undefined : { message: capped(String(error), maxErrorMessage) };
  const { name, message, code, stack } = error as Record<string, unknown>;
  return {
    ...(typeof name === "string" ? { name: capped(name, maxErrorLine) } : {}),
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    ...(message !== undefined ? { message: capped(withoutCodeFrame(String(message)), maxErrorMessage) } : {}),
    ...(typeof stack === "string" ? { stack: capped(withoutCodeFrame(stack), maxErrorStack) } : {}),
  };
}

function withoutCodeFrame(message: string): string {
  return message
    .split("\n")
    .filter((line) => !codeFrameLine.test(line))
    .map((line) => capped(line, maxErrorLine))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function capped(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** Lines go through here, so a test can read what the bot logs (see `tapLogs`). */
const taps = new Set<(line: string) => void>();
const destination = {
  write(line: string): void {
    for (const tap of taps) tap(line);
    // While a test reads the lines they are not also printed.
    if (taps.size === 0) process.stdout.write(line);
  },
};

export const logger = pino(
  {
    level: process.env.NODE_ENV === "test" ? "silent" : "info",
    base: undefined,
    redact: { paths: redactedPaths, censor: "[redacted]" },
    serializers: {
      err: errorForLog,
      userId: hashId,
      tenantId: hashId,
      tenant: hashId,
      user: hashId,
      conversationId: hashId,
    },
  },
  destination,
);

/** LOG_LEVEL comes through the config schema like every other variable. */
export function setLogLevel(level: string | undefined): void {
  if (level) logger.level = level;
}

/** Every log line written from now on is also given to `onLine`, until the returned function is called. */
export function tapLogs(onLine: (line: string) => void): () => void {
  taps.add(onLine);
  return () => taps.delete(onLine);
}
