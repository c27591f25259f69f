// The one place that reads process.env. Validated once, with a clear message per bad variable.
import { z } from "zod";

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
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SEED_API_KEY: z.string().min(20, "must be at least 20 characters").optional(),
  WEBHOOK_WORKER: z.enum(["on", "off"]).default("on"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Requests per second per API key, optionally "/burst" (SPEC §3: 100/s, bursts of 200); a lone
  // rate N allows bursts of 2N; 0 turns the limit off.
  API_RATE_LIMIT: z
    .string()
    .trim()
    .default("100/200")
    .refine((v) => /^\d+(\.\d+)?(\/\d+)?$/.test(v), "must be requests per second, optionally with a burst: 100 or 100/200 (0 turns it off)")
    .transform(parseRateLimit)
    .refine((v) => v === null || v.burst >= 1, "the burst must be at least 1 request"),
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
