import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";

/** How long a session cookie lives without use (next-auth renews it while it is used). */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;
// lastSeenAt is written at most this often: one small write per session per five minutes.
const TOUCH_AFTER_MS = 5 * 60_000;

/**
 * The server-side list of signed-in sessions. A session JWT alone stays valid until it expires;
 * with its id (`sid`) checked here on every request that reads the session, sign-out, member
 * removal and revocation end it at once.
 */
export async function startSession(userId: string, now = new Date()): Promise<string> {
  const id = randomBytes(18).toString("base64url");
  await db.authSession.create({ data: { id, userId, createdAt: now, lastSeenAt: now } });
  // Housekeeping: a row not seen for longer than a cookie lives belongs to an expired JWT.
  const expired = new Date(now.getTime() - SESSION_MAX_AGE_SECONDS * 1000 - TOUCH_AFTER_MS);
  await db.authSession.deleteMany({ where: { lastSeenAt: { lt: expired } } });
  return id;
}

/** True while the session exists, belongs to `userId` and is not revoked. */
export async function sessionIsLive(sid: string, userId: string, now = new Date()): Promise<boolean> {
  const row = await db.authSession.findUnique({ where: { id: sid }, select: { userId: true, revokedAt: true, lastSeenAt: true } });
  if (!row || row.userId !== userId || row.revokedAt) return false;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.authSession.updateMany({ where: { id: sid, revokedAt: null }, data: { lastSeenAt: now } });
  }
  return true;
}

/** Sign-out: this browser's session only; the user's other sessions stay. */
export async function revokeSession(sid: string): Promise<void> {
  await db.authSession.updateMany({ where: { id: sid, revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * Ends every session of a user at once (member removal, a changed password): their next request
 * reads no session. Returns how many were live.
 */
export async function revokeUserSessions(userId: string): Promise<number> {
  const { count } = await db.authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}
