import "server-only";
// API rate limiting per key (SPEC §3): a token bucket of API_RATE_LIMIT (default 100 requests/s,
// bursts of 200) per API key, kept in the database so every app process shares it
// (lib/db/rate-limit-store.ts). Over it: 429 rate_limited with Retry-After in whole seconds (≥ 1),
// the time until one token is back. Dashboard sessions are not API keys and are not limited here.
import { rateLimitStore } from "@/lib/db/rate-limit-store";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** Takes one request from the key's bucket, or throws the 429. */
export async function takeApiRequest(keyId: string, now = Date.now()): Promise<void> {
  const limit = env().API_RATE_LIMIT;
  if (limit === null) return;
  const { allowed, tokens } = await rateLimitStore().take({ key: `api-key:${keyId}`, perSecond: limit.perSecond, burst: limit.burst, now });
  if (allowed) return;
  const retryAfter = Math.max(1, Math.ceil((1 - tokens) / limit.perSecond));
  throw new AppError(
    "rate_limited",
    `This API key is over its rate limit (${limit.perSecond} requests/s, bursts of ${limit.burst}): retry in ${retryAfter} s.`,
    { status: 429, details: { retryAfter }, headers: { "retry-after": String(retryAfter) } },
  );
}
