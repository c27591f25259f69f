import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Sign-in throttling, per account (the email, known or not) and per client IP. Every attempt is
 * counted *before* the password is checked, by one conditional upsert that both reserves the
 * attempt and says whether it may go ahead — so parallel guesses, several app processes and
 * both databases see one counter, and there is no check-then-record gap.
 *
 * Policy (docs/decisions/003-auth.md): an account gets 5 attempts, an IP 50; the next attempt is
 * refused and starts a block of 30 s, then each attempt after a block is allowed once and the
 * next one blocks again for twice as long, at most 15 minutes. A blocked key refuses even the
 * right password until the block ends; blocks always end (never a permanent lock-out). A
 * successful sign-in clears the account's streak and refunds the IP its attempt; a key quiet for
 * 24 hours starts afresh.
 */
export const SIGN_IN_POLICY = {
  limits: { account: 5, ip: 50 },
  firstBlockMs: 30_000,
  maxBlockMs: 15 * 60_000,
  forgetAfterMs: 24 * 3600_000,
} as const;

export type ThrottleKey = { kind: keyof typeof SIGN_IN_POLICY.limits; value: string };
export type Reservation = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The IP first: an address that is already blocked does not spend the account's attempts. */
export function throttleKeys(email: string, ip: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = ip ? [{ kind: "ip", value: ip }] : [];
  keys.push({ kind: "account", value: email.trim().toLowerCase() });
  return keys;
}

export async function reserveSignIn(db: Db, keys: ThrottleKey[], now = Date.now()): Promise<Reservation> {
  for (const key of keys) {
    const waitMs = await reserve(db, key, now);
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }
  return { allowed: true };
}

/** After a right password: the account starts afresh, the IP gets its attempt back. */
export async function settleSignIn(db: Db, keys: ThrottleKey[], now = Date.now()): Promise<void> {
  for (const key of keys) {
    if (key.kind === "account") await db.signInThrottle.deleteMany({ where: { key: id(key) } });
    else await db.signInThrottle.updateMany({ where: { key: id(key), attempts: { gt: 0 } }, data: { attempts: { decrement: 1 } } });
  }
  // Housekeeping, cheap on the lastAttemptAt index: keys nobody tried for a day.
  const stale = BigInt(now - SIGN_IN_POLICY.forgetAfterMs);
  await db.signInThrottle.deleteMany({ where: { lastAttemptAt: { lt: stale }, blockedUntil: { lt: BigInt(now) } } });
}

/**
 * One statement, the same on SQLite and PostgreSQL (ON CONFLICT … DO UPDATE … WHERE … RETURNING):
 * a blocked row is left alone and returns nothing; otherwise the attempt is counted, and the
 * attempt past the limit sets the block instead. Every SET reads the row as it was before.
 * Returns how many milliseconds the caller must wait (0: go ahead).
 */
async function reserve(db: Db, key: ThrottleKey, nowMs: number): Promise<number> {
  const { firstBlockMs, maxBlockMs, forgetAfterMs } = SIGN_IN_POLICY;
  const limit = SIGN_IN_POLICY.limits[key.kind];
  const [now, first, max, staleBefore] = [nowMs, firstBlockMs, maxBlockMs, nowMs - forgetAfterMs].map(BigInt);
  const row = Prisma.raw(`"SignInThrottle"`);
  const stale = Prisma.sql`${row}."lastAttemptAt" < ${staleBefore}`;
  const over = Prisma.sql`${row}."attempts" >= ${limit}`;
  const rows = await db.$queryRaw<{ blockedUntil: bigint | number }[]>`
    INSERT INTO "SignInThrottle" ("key", "attempts", "nextBlockMs", "lastAttemptAt", "blockedUntil")
    VALUES (${id(key)}, 1, ${first}, ${now}, 0)
    ON CONFLICT ("key") DO UPDATE SET
      "attempts" = CASE WHEN ${stale} THEN 1 WHEN ${over} THEN ${limit - 1} ELSE ${row}."attempts" + 1 END,
      "blockedUntil" = CASE WHEN ${stale} THEN 0 WHEN ${over} THEN ${now} + ${row}."nextBlockMs" ELSE 0 END,
      "nextBlockMs" = CASE
        WHEN ${stale} THEN ${first}
        WHEN ${over} THEN CASE WHEN ${row}."nextBlockMs" * 2 > ${max} THEN ${max} ELSE ${row}."nextBlockMs" * 2 END
        ELSE ${row}."nextBlockMs" END,
      "lastAttemptAt" = ${now}
    WHERE ${row}."blockedUntil" <= ${now}
    RETURNING "blockedUntil"`;
  if (rows.length) return Math.max(0, Number(rows[0].blockedUntil) - nowMs);
  // Blocked already: nothing was counted. Read the end of the block for the message.
  const blocked = await db.signInThrottle.findUnique({ where: { key: id(key) }, select: { blockedUntil: true } });
  return Math.max(1000, Number(blocked?.blockedUntil ?? 0) - nowMs);
}

function id(key: ThrottleKey) {
  return `${key.kind}:${key.value}`;
}
