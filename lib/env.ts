// The one place that reads process.env. Validated once, with a clear message per bad variable.
import { z } from "zod";
import { parseIp } from "@/lib/net/ip-class";

const flag = z
  .enum(["1", "0", "true", "false", "on", "off", ""])
  .default("0")
  .transform((v) => v === "1" || v === "true" || v === "on");

/**
 * TEST ONLY: "receiver.test=127.0.0.1,other.test=::1". The URL guard answers these names itself
 * and lets them reach the private address given, so the Playwright suites can post webhooks to
 * receivers on loopback while every other loopback/private URL is still refused (the tests check
 * that too). Names must end in ".test" (RFC 6761: never in public DNS). Set by
 * playwright.config.ts's webServer; never set it in production.
 */
const testHostMap = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const map = new Map<string, string>();
    for (const entry of text
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)) {
      const [name, address] = entry.split("=").map((s) => s.trim().toLowerCase());
      if (!name?.endsWith(".test") || !address || !parseIp(address)) {
        ctx.addIssue({ code: "custom", message: `"${entry}": expected name.test=IP address` });
        return z.NEVER;
      }
      map.set(name, address);
    }
    return map as ReadonlyMap<string, string>;
  });

/** A public URL: http(s) only; an empty value counts as unset. */
const publicUrlSchema = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z
    .string()
    .url("must be a URL such as https://router.example.com")
    .refine((v) => /^https?:\/\//.test(v), "must start with https:// (or http:// for local use)")
    .optional(),
);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./prisma/number-router.db")
    .refine(
      (v) => /^(file:|postgres:\/\/|postgresql:\/\/)/.test(v),
      "must be a SQLite URL (file:./prisma/number-router.db) or a PostgreSQL URL (postgresql://user@host:5432/db)",
    ),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
  /** Gateway credentials are sealed with it (AES-256-GCM): 32 bytes, base64 or hex. */
  ENCRYPTION_KEY: z
    .string()
    .trim()
    .refine(
      (v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, "base64").length === 32,
      "must be 32 random bytes, base64 (openssl rand -base64 32) or hex (openssl rand -hex 32)",
    )
    .transform((v) => (/^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, "hex") : Buffer.from(v, "base64")))
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SEED_API_KEY: z.string().min(20, "must be at least 20 characters").optional(),
  WEBHOOK_WORKER: z.enum(["on", "off"]).default("on"),
  /** Run the outbox dispatcher (gateway deliveries, SPEC §6) in this process. */
  OUTBOX_DISPATCHER: z.enum(["on", "off"]).default("on"),
  /** Seconds a message is retried after its first attempt before it fails (SPEC §6: 15 minutes). */
  OUTBOX_RETRY_WINDOW: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Longest wait between two attempts, seconds (exponential backoff from 1 s up to it). */
  OUTBOX_BACKOFF_MAX: z.coerce.number().int().min(1).max(3_600).default(60),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Alert e-mail (SPEC §1 Alert): smtp://user:pass@host:port or smtps://…; unset = no e-mail. */
  SMTP_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .url("must be an SMTP URL such as smtp://user:password@mail.example.com:587")
      .refine((v) => /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://")
      .optional(),
  ),
  /** The sender of alert e-mail. */
  SMTP_FROM: z.string().default("Number Router <alerts@number-router.invalid>"),
  /** Seconds before an alert e-mail that failed is tried again; doubled after each failure (6 attempts in all). */
  ALERT_MAIL_RETRY_SECONDS: z.coerce.number().min(0.1).max(3_600).default(30),
  /** Seconds a condition must hold before its alert is raised (a ban is raised at once). */
  ALERT_GRACE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(60),
  /** Seconds a cleared condition's episode stays open: coming back within it raises nothing new. */
  ALERT_QUIET_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  /** How often each process looks for alert conditions, seconds; "off" = never in this process. */
  ALERT_SWEEP: z
    .string()
    .default("5")
    .refine((v) => v === "off" || /^\d+(\.\d+)?$/.test(v), "must be seconds between sweeps (5) or off")
    .transform((v) => (v === "off" ? null : Math.max(0.2, Number(v)))),
  /** Gateway URLs may point at loopback/private networks (self-hosted gateways). Never webhooks. */
  ALLOW_PRIVATE_GATEWAYS: flag,
  TEST_HOST_MAP: testHostMap,
  NEXTAUTH_URL: publicUrlSchema,
  APP_URL: publicUrlSchema,
  TRUST_PROXY: z.coerce
    .number({ error: "must be the number of reverse proxies in front of the app (0 for none)" })
    .int("must be a whole number of proxies")
    .min(0)
    .max(10)
    .default(0),
  // Requests per second per API key, optionally "/burst" (SPEC §3: 100/s, bursts of 200); a lone
  // rate N allows bursts of 2N; 0 turns the limit off.
  API_RATE_LIMIT: z
    .string()
    .trim()
    .default("100/200")
    .refine((v) => /^\d+(\.\d+)?(\/\d+)?$/.test(v), "must be requests per second, optionally with a burst: 100 or 100/200 (0 turns it off)")
    .transform(parseRateLimit)
    .refine((v) => v === null || v.burst >= 1, "the burst must be at least 1 request"),
  /** SQLite durability per commit (docs/decisions/007-durability.md). */
  SQLITE_SYNCHRONOUS: z.enum(["normal", "full"]).default("normal"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

export type RateLimit = { perSecond: number; burst: number };

function parseRateLimit(value: string): RateLimit | null {
  const [rate, burst] = value.split("/");
  const perSecond = Number(rate);
  if (perSecond === 0) return null;
  return { perSecond, burst: burst === undefined ? Math.max(1, Math.round(perSecond * 2)) : Number(burst) };
}

/** The configured database URL (`file:` for SQLite, `postgres(ql)://` for PostgreSQL). */
export function databaseUrl(): string {
  return env().DATABASE_URL;
}

/** The session-signing secret. The start script provides one when AUTH_SECRET is unset. */
export function authSecret(): string {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: run the app with `npm start`, or set it (openssl rand -base64 32).");
  return secret;
}

/** The key that seals gateway credentials. The start script provides one when ENCRYPTION_KEY is unset. */
export function encryptionKey(): Buffer {
  const key = env().ENCRYPTION_KEY;
  if (!key) throw new Error("ENCRYPTION_KEY is not set: run the app with `npm start`, or set it (openssl rand -base64 32).");
  return key;
}

/**
 * The app's public URL (NEXTAUTH_URL, else APP_URL), or null when neither is set. It decides
 * whether cookies are Secure; `npm start` hands it to next-auth as NEXTAUTH_URL.
 */
export function publicUrl(): URL | null {
  const value = env().NEXTAUTH_URL ?? env().APP_URL;
  return value ? new URL(value) : null;
}

/** How many reverse proxies append to X-Forwarded-For in front of the app (0: trust none). */
export function trustedProxyHops(): number {
  return env().TRUST_PROXY;
}
