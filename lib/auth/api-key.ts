import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Keys are 256 random bits, so a plain SHA-256 at rest is enough (no slow hash needed)
// and lets a request find its key with one indexed lookup.
const KEY_PREFIX = "nr_";

export type ApiKeyContext = { keyId: string; prefix: string; location: { id: string; name: string } };

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Creates a key for a location; the plain key is returned once and never stored. */
export async function createApiKey(locationId: string, name = "API key", plainKey?: string) {
  const key = plainKey ?? `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const prefix = key.slice(0, 10);
  const row = await db.apiKey.create({ data: { locationId, name, prefix, hash: hashApiKey(key) }, select: { id: true } });
  return { id: row.id, apiKey: key, prefix };
}

/** Resolves `Authorization: Bearer <key>` to its location, or throws 401. */
export async function authenticateApiKey(request: Request): Promise<ApiKeyContext> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError("unauthorized", "Missing or malformed Authorization header: use `Bearer <api key>`.");
  const row = await db.apiKey.findUnique({
    where: { hash: hashApiKey(match[1]) },
    select: { id: true, prefix: true, revokedAt: true, location: { select: { id: true, name: true } } },
  });
  if (!row || row.revokedAt) throw new AppError("unauthorized", "Unknown or revoked API key.");
  return { keyId: row.id, prefix: row.prefix, location: row.location };
}
