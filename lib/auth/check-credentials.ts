import "server-only";
import { z } from "zod";
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { throttledErrorCode } from "@/lib/auth/sign-in-error";
import { reserveSignIn, settleSignIn, throttleKeys } from "@/lib/auth/throttle";
import { db } from "@/lib/db/client";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

/** Thrown (not returned) so next-auth hands its message to the login form; see sign-in-error.ts. */
export class SignInThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(throttledErrorCode(retryAfterSeconds));
    this.name = "SignInThrottledError";
  }
}

/**
 * Checks email + password: the one place every sign-in path of next-auth's credentials flow goes
 * through (whatever the URL or body format), so the throttle lives here. The attempt is reserved
 * before the password is looked at; a throttled one is refused without a compare. Unknown emails
 * still pay one scrypt compare (no timing oracle) and are throttled like real accounts.
 */
export async function checkCredentials(input: unknown, ip: string | null): Promise<{ id: string } | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const keys = throttleKeys(email, ip);
  const reservation = await reserveSignIn(db, keys);
  if (!reservation.allowed) throw new SignInThrottledError(reservation.retryAfterSeconds);

  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok) return null;
  await settleSignIn(db, keys);
  if (needsRehash(user.passwordHash)) await upgradeHash(user.id, user.passwordHash, password);
  return { id: user.id };
}

/**
 * The password is known only now, so this is when an old-cost hash is replaced. Conditional on
 * the old hash: a password changed meanwhile is never overwritten.
 */
async function upgradeHash(userId: string, oldHash: string, password: string) {
  await db.user.updateMany({ where: { id: userId, passwordHash: oldHash }, data: { passwordHash: await hashPassword(password) } });
}
