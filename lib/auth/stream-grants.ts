import "server-only";
import { db } from "@/lib/db/client";

/** What an event stream was opened with: an API key, or a dashboard session's member. */
export type StreamGrant = { type: "api_key"; keyId: string } | { type: "member"; userId: string };

/**
 * Which grants still open `locationId`'s event stream (lib/events/stream-access calls this for
 * all of a location's streams at once): one indexed query per kind of grant present, whatever the
 * number of streams. Read from the database, never from the API-key cache of lib/api/authenticate,
 * so a revocation made by another process or the CLI counts.
 */
export async function checkStreamGrants(locationId: string, grants: StreamGrant[]): Promise<boolean[]> {
  const keyIds = [...new Set(grants.flatMap((g) => (g.type === "api_key" ? [g.keyId] : [])))];
  const userIds = [...new Set(grants.flatMap((g) => (g.type === "member" ? [g.userId] : [])))];
  const [keys, members] = await Promise.all([
    keyIds.length ? db.apiKey.findMany({ where: { locationId, id: { in: keyIds }, revokedAt: null }, select: { id: true } }) : [],
    userIds.length
      ? db.membership.findMany({ where: { locationId, userId: { in: userIds }, active: true }, select: { userId: true } })
      : [],
  ]);
  const liveKeys = new Set(keys.map((k) => k.id));
  const liveMembers = new Set(members.map((m) => m.userId));
  // A member grant is checked by membership only: a stream opened by a session that then signed
  // out ends when the member is removed, not at sign-out (known gap, noted in docs/security.md).
  return grants.map((g) => (g.type === "api_key" ? liveKeys.has(g.keyId) : liveMembers.has(g.userId)));
}
