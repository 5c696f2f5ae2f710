import path from "node:path";
import { z } from "zod/v4";

/**
 * The one schema over the environment. `.env.example` documents every variable; keep the two in step.
 */
const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    /** Public HTTPS base URL of the bot (Teams fetches card images from here). */
    PUBLIC_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    /** Embedded database, dev encryption key and other local files live here. */
    DATA_DIR: z.string().min(1).default("./data"),
    /** PostgreSQL connection string; when unset the bot runs on the embedded PGlite database. */
    DATABASE_URL: z.preprocess(emptyToUndefined, z.string().startsWith("postgres").optional()),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppTenantId: optionalString,
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).optional(),
    ),
    /**
     * OpenID metadata URL for the channel's token signing keys (botbuilder's `BotOpenIdMetadata`). Unset: the
     * public Bot Framework's. For tests against a local key server, or a sovereign cloud.
     */
    BotOpenIdMetadata: z.preprocess(emptyToUndefined, z.url().optional()),
    /** Base64 of 32 random bytes; encrypts what users choose to save. Required in production. */
    ENCRYPTION_KEY: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((value) => Buffer.from(value, "base64").length === 32, "must be base64 of exactly 32 bytes")
        .optional(),
    ),
    /** Bearer token for the operator's admin API (/api/admin). Unset: the admin API is off. */
    ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(24, "must be at least 24 characters").optional()),
    /**
     * Which proxies in front of the bot to believe about the client's address (Express `trust proxy`):
     * "true", a hop count such as "1", or addresses/subnets ("loopback, 10.0.0.0/8"). Unset: none, so
     * X-Forwarded-For is ignored. Behind an ingress set it, or every client shares the ingress's address.
     */
    TRUST_PROXY: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .transform((value): boolean | number | string =>
          value === "true" ? true : value === "false" ? false : /^\d+$/.test(value) ? Number(value) : value,
        )
        .default(false),
    ),
    /** Where `npm run admin` finds the running bot; default http://localhost:$PORT. */
    ADMIN_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    /** How long each instance trusts what it knows about a licence; a revocation reaches every instance within it. */
    LICENCE_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** Days a saved incident is kept before it is deleted automatically. */
    INCIDENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    ),
    /** Turns a user may start per minute (akut is never limited); over it the user gets a polite card. */
    RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /** Turns all users of one tenant may start per minute, together. */
    RATE_LIMIT_TENANT_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
    /**
     * Where the rate limits count: "memory" (each instance its own; no database work) or "database" (in
     * PostgreSQL, shared by every instance on DATABASE_URL, one statement per turn): for scale-out only.
     */
    RATE_LIMIT_STORE: z.preprocess(emptyToUndefined, z.enum(["memory", "database"]).default("memory")),
    /** Names the key on each encrypted record, so keys can be rotated later. */
    ENCRYPTION_KEY_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/)
      .default("k1"),
    /**
     * Earlier keys, still needed to read records sealed before a rotation: "id:base64,id:base64".
     * `npm run admin -- keys rotate` re-seals those records under the current key; then they can go.
     */
    ENCRYPTION_KEYS_PREVIOUS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine(
          (value) =>
            value.split(",").every((entry) => {
              const match = /^([A-Za-z0-9_-]{1,32}):(\S+)$/.exec(entry.trim());
              return match !== null && Buffer.from(match[2], "base64").length === 32;
            }),
          "must be id:base64 pairs separated by commas, each key base64 of exactly 32 bytes",
        )
        .optional(),
    ),
    /** Progress and saved reflections of someone who has not used the bot for this many months are deleted. */
    INACTIVE_USER_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
    /**
     * Seconds between two sweeps for due reminders and for invitations a round did not get to send (each
     * instance sweeps; exactly one sends each).
     */
    REMINDER_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Months an audit log entry is kept. */
    AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  })
  .superRefine((config, ctx) => {
    if (config.RATE_LIMIT_STORE === "database" && !config.DATABASE_URL)
      ctx.addIssue({ code: "custom", path: ["RATE_LIMIT_STORE"], message: "database needs DATABASE_URL (PostgreSQL)" });
    if (config.NODE_ENV !== "production") return;
    const required: Array<[keyof typeof config, boolean]> = [
      ["MicrosoftAppId", true],
      ["MicrosoftAppPassword", config.MicrosoftAppType !== "UserAssignedMSI"],
      ["MicrosoftAppTenantId", config.MicrosoftAppType !== "MultiTenant"],
      ["ENCRYPTION_KEY", true],
      ["PUBLIC_URL", true],
    ];
    for (const [name, needed] of required) {
      if (needed && !config[name]) {
        ctx.addIssue({ code: "custom", path: [name], message: "is required when NODE_ENV=production" });
      }
    }
  });

export type Config = z.infer<typeof configSchema> & { readonly dataDir: string };

export class ConfigError extends Error {}

/** Parses the environment; a bad value stops the start with every problem named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) };
}
