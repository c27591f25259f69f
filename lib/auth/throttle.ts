import "server-only";
import { db } from "@/lib/db/client";

// Sign-in throttling, per account and per IP. A block always expires (at most 15 minutes),
// so someone guessing at an account delays its owner but never locks them out for good.
const WINDOW_MS = 15 * 60_000;
const MAX_BLOCK_MS = 15 * 60_000;
const LIMITS = { account: 5, ip: 20 } as const;

export type ThrottleKey = { kind: keyof typeof LIMITS; value: string };

export function throttleKeys(email: string, ip: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ kind: "account", value: email.trim().toLowerCase() }];
  if (ip) keys.push({ kind: "ip", value: ip });
  return keys;
}

/** Seconds until the earliest block among `keys` ends, or 0 when none is blocked. */
export async function retryAfterSeconds(keys: ThrottleKey[], now = new Date()): Promise<number> {
  const rows = await db.authThrottle.findMany({ where: { key: { in: keys.map(id) } } });
  const until = Math.max(0, ...rows.map((r) => (r.blockedUntil ? r.blockedUntil.getTime() - now.getTime() : 0)));
  return Math.ceil(until / 1000);
}

export async function recordFailure(keys: ThrottleKey[], now = new Date()): Promise<void> {
  for (const key of keys) {
    const existing = await db.authThrottle.findUnique({ where: { key: id(key) } });
    const fresh = !existing || now.getTime() - existing.windowStart.getTime() > WINDOW_MS;
    const failures = fresh ? 1 : existing.failures + 1;
    const over = failures - LIMITS[key.kind];
    // Doubling block once over the limit: 1 s, 2 s, 4 s … capped at 15 minutes.
    const blockedUntil = over >= 0 ? new Date(now.getTime() + Math.min(1000 * 2 ** over, MAX_BLOCK_MS)) : null;
    const data = { failures, windowStart: fresh ? now : existing.windowStart, blockedUntil };
    await db.authThrottle.upsert({ where: { key: id(key) }, create: { key: id(key), ...data }, update: data });
  }
}

export async function clearAccount(email: string): Promise<void> {
  await db.authThrottle.deleteMany({ where: { key: id({ kind: "account", value: email.trim().toLowerCase() }) } });
}

function id(key: ThrottleKey) {
  return `${key.kind}:${key.value}`;
}
