import path from "node:path";
import { z } from "zod";

/** Every setting the server reads, validated once at boot. A bad value stops start-up with one clear line. */
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: optionalUrl,
  MEILISEARCH_URL: optionalUrl,
  MEILISEARCH_API_KEY: z.string().optional(),
  REDIS_URL: optionalUrl,
  // Separates Socket.IO channels of different deployments (or test servers) sharing one Redis.
  REDIS_PREFIX: z.string().regex(/^[\w.-]{1,64}$/, "letters, digits, dot, dash or underscore").default("tpc"),
  SMTP_URL: optionalUrl,
  PUBLIC_URL: optionalUrl,
  SESSION_SECURE: z
    .enum(["true", "false", "auto"])
    .default("auto")
    .transform((v) => v),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED: z.enum(["auto", "never", "always"]).default("auto"),
  // ── Notifications and email ──
  // Signs unsubscribe links; without it a random secret is generated once and kept under DATA_DIR.
  APP_SECRET: z.string().min(32, "at least 32 characters").optional(),
  MAIL_FROM: z.string().default("Total Place Community <no-reply@totalplace.localhost>"),
  // The weekly digest goes out at this day and time, Europe/London.
  DIGEST_DAY: z.enum(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]).default("monday"),
  DIGEST_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM (24-hour)").default("08:00"),
  // "off" stops the schedulers (digest, event reminders) and the mail worker's timer; tests drive them
  // directly. Default: on, except under NODE_ENV=test.
  NOTIFY_SCHEDULER: z.enum(["on", "off"]).optional(),
});

export type Config = ReturnType<typeof parseConfig>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined> = process.env) {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join(".") || "environment";
    throw new ConfigError(`Invalid configuration: ${where}: ${issue?.message ?? "invalid value"}`);
  }
  const c = result.data;
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    dataDir,
    databaseUrl: c.DATABASE_URL,
    meilisearchUrl: c.MEILISEARCH_URL,
    meilisearchApiKey: c.MEILISEARCH_API_KEY,
    redisUrl: c.REDIS_URL,
    redisPrefix: c.REDIS_PREFIX,
    smtpUrl: c.SMTP_URL,
    publicUrl: c.PUBLIC_URL,
    // "auto": Secure cookies when the public URL is https.
    sessionSecure: c.SESSION_SECURE === "auto" ? (c.PUBLIC_URL ?? "").startsWith("https:") : c.SESSION_SECURE === "true",
    logLevel: c.LOG_LEVEL,
    seed: c.SEED,
    appSecret: c.APP_SECRET,
    mailFrom: c.MAIL_FROM,
    digestDay: c.DIGEST_DAY,
    digestTime: c.DIGEST_TIME,
    notifyScheduler: c.NOTIFY_SCHEDULER ?? (c.NODE_ENV === "test" ? "off" : "on"),
  };
}
