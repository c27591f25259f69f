import "server-only";
import { takeApiRequest } from "@/lib/api/rate-limit";
import type { ServiceContext } from "@/lib/audit/actor";
import { type ApiKeyContext, authenticateApiKey } from "@/lib/auth/api-key";
import { db } from "@/lib/db/client";
import { processSingleton } from "@/lib/process-singleton";

// Every API request authenticates; the hash → key lookup is cached for a few seconds so a busy
// integration does not pay a query per request. Revoking through the service clears the cache at
// once (see forgetApiKey); a key revoked by another process stops working within KEY_TTL_MS.
// Every request of a valid key then takes a token from the key's rate-limit bucket (one small
// database write; unknown keys are answered 401 first and count against nobody).
const KEY_TTL_MS = 2_000;
const LAST_USED_EVERY_MS = 60_000;

type Cached = { ctx: ApiKeyContext; expires: number };
const cache = processSingleton("api-key-cache", () => new Map<string, Cached>());
const lastUsed = processSingleton("api-key-last-used", () => new Map<string, number>());

export type ApiContext = ServiceContext & { apiKey: ApiKeyContext };

export async function authenticate(request: Request): Promise<ApiContext> {
  const header = request.headers.get("authorization") ?? "";
  const now = Date.now();
  const hit = cache.get(header);
  let key: ApiKeyContext;
  if (hit && hit.expires > now) {
    key = hit.ctx;
  } else {
    key = await authenticateApiKey(request);
    if (cache.size > 10_000) cache.clear();
    cache.set(header, { ctx: key, expires: now + KEY_TTL_MS });
  }
  await takeApiRequest(key.keyId, now);
  touch(key.keyId, now);
  return {
    location: key.location,
    actor: { type: "api_key", id: key.keyId, label: `API key ${key.prefix}…` },
    apiKey: key,
  };
}

export function forgetApiKeys(): void {
  cache.clear();
}

/** lastUsedAt, written at most once a minute per key and never on the request's critical path. */
function touch(keyId: string, now: number) {
  if ((lastUsed.get(keyId) ?? 0) > now - LAST_USED_EVERY_MS) return;
  lastUsed.set(keyId, now);
  void db.apiKey.update({ where: { id: keyId }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
}
