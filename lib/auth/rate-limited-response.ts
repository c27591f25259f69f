import { retryAfterOf, throttledMessage } from "@/lib/auth/sign-in-error";

/**
 * next-auth answers every refused credentials sign-in alike: 401 with `{ url }` (its client's
 * `json` mode) or a redirect, both to its error page with `?error=<message thrown by authorize>`.
 * A throttled refusal becomes a 429 with Retry-After and the house error body; `url` stays, since
 * next-auth's signIn() reads it. Any other response: null (left as it is).
 */
export async function asRateLimited(response: Response): Promise<Response | null> {
  if (response.status !== 401 && response.status !== 302) return null;
  const target = response.headers.get("location") ?? (await jsonUrl(response));
  const seconds = retryAfterOf(target ? errorParam(target) : null);
  if (seconds === null || !target) return null;
  const headers = new Headers(response.headers);
  headers.delete("location");
  headers.set("content-type", "application/json");
  headers.set("retry-after", String(seconds));
  const body = { url: target, error: { code: "rate_limited", message: throttledMessage(seconds), retryAfter: seconds } };
  return new Response(JSON.stringify(body), { status: 429, headers });
}

async function jsonUrl(response: Response): Promise<string | null> {
  if (!response.headers.get("content-type")?.includes("application/json")) return null;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { url?: unknown } | null;
  return typeof body?.url === "string" ? body.url : null;
}

function errorParam(url: string): string | null {
  try {
    return new URL(url, "http://localhost").searchParams.get("error");
  } catch {
    return null;
  }
}
