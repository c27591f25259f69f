import "server-only";

import { hashApiKey } from "@/lib/auth/api-key-hash";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export type ApiKeyContext = { keyId: string; prefix: string; location: { id: string; name: string } };

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
