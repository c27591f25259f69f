// How an HTTP answer becomes a send outcome (SPEC §6 retries), shared by every adapter so the rules
// are the same whichever vendor: never reached → retry; 429 → retry after Retry-After; 5xx → retry
// (or, for vendors that warn a retried create can deliver twice, unknown: look up first); other
// 4xx → refused for good; sent with no answer → unknown; a URL the guard refuses → refused.
import type { HttpResult, SendOutcome } from "@/lib/gateways/types";

/** Retry-After in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | null {
  const value = headers["retry-after"]?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The gateway's own words from an error body, cut to a line (JSON `message`/`error` fields, else the text). */
export function errorText(body: string): string {
  let text = body.trim();
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const pick = (v: unknown): string | null =>
      typeof v === "string" ? v : Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("; ") : null;
    const response = json.response as Record<string, unknown> | undefined;
    const error = json.error as Record<string, unknown> | string | undefined;
    const exception = json.exception as Record<string, unknown> | undefined;
    text =
      pick(json.message) ??
      pick(response?.message) ??
      (typeof error === "object" ? pick(error?.message) : pick(error)) ??
      pick(exception?.message) ??
      text;
  } catch {
    // not JSON: the text as it came
  }
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

export function sendOutcome(
  result: HttpResult,
  accepted: (body: string) => string | null,
  options: { serverErrors: "retry" | "unknown" } = { serverErrors: "retry" },
): SendOutcome {
  switch (result.kind) {
    case "not_sent":
      return { kind: "retry", retryAfterMs: null, detail: result.reason };
    case "unknown":
      return { kind: "unknown", detail: result.reason };
    case "blocked":
      return { kind: "rejected", detail: `Gateway refused: ${result.reason}` };
  }
  const { status, body, headers } = result;
  if (status >= 200 && status < 300) return { kind: "accepted", providerMessageId: accepted(body), detail: `HTTP ${status}` };
  const said = errorText(body);
  const detail = `Gateway answered HTTP ${status}${said ? `: ${said}` : ""}`;
  if (status === 429) return { kind: "retry", retryAfterMs: retryAfterMs(headers), detail };
  if (status >= 500)
    return options.serverErrors === "retry" ? { kind: "retry", retryAfterMs: retryAfterMs(headers), detail } : { kind: "unknown", detail };
  return { kind: "rejected", detail };
}

/** JSON.parse that answers null instead of throwing (gateways' bodies are not ours to trust). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
