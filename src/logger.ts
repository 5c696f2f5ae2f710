import pino from "pino";

/**
 * JSON lines on stdout. Never log message text, card input, names or e-mail addresses: what users
 * write here is about threats against them.
 */
export const logger = pino({ level: process.env.NODE_ENV === "test" ? "silent" : "info", base: undefined });

/** LOG_LEVEL comes through the config schema like every other variable. */
export function setLogLevel(level: string | undefined): void {
  if (level) logger.level = level;
}
