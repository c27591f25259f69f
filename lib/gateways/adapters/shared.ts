// Plumbing every vendor adapter shares: building a JSON request with the vendor's auth headers,
// reading a webhook's JSON envelope behind the inbound token, zod issues as a 400's message, and the
// "the gateway did not answer 200" answers of a lookup or a connection test. The vendor's own rules
// (paths, header names, what each status means) stay in its adapter, with their sources.
import type { z } from "zod";
import { errorText, parseJson } from "@/lib/gateways/adapters/outcomes";
import type {
  GatewayConnection,
  GatewayUpdate,
  HttpRequest,
  HttpResult,
  InboundRequest,
  LookupOutcome,
  TestOutcome,
  WebhookParse,
} from "@/lib/gateways/types";

type Refused = Extract<WebhookParse, { ok: false }>;

/** `body` (when given) is sent as JSON, with its content type; `headers` carry the vendor's auth. */
export function jsonRequest(
  method: "GET" | "POST",
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  body?: unknown,
): HttpRequest {
  if (body === undefined) return { method, url, headers, timeoutMs };
  return { method, url, headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body), timeoutMs };
}

/** A vendor's requests: JSON to the connection's URL + `path`, the connection's API key in the header `header`. */
export function apiKeyRequests(header: string) {
  return (connection: GatewayConnection, method: "GET" | "POST", path: string, timeoutMs: number, body?: unknown): HttpRequest =>
    jsonRequest(method, `${connection.url}${path}`, { [header]: connection.credentials.apiKey ?? "" }, timeoutMs, body);
}

/** A 400 naming each zod issue by its path (`prefix.path: message; …`). */
export function invalid(error: z.ZodError, prefix?: string): Refused {
  const message = error.issues.map((i) => `${[prefix, ...i.path].filter((p) => p !== undefined).join(".")}: ${i.message}`).join("; ");
  return { ok: false, status: 400, message };
}

/**
 * A webhook signed by nothing but the inbound token in its URL: 401 without the token, 400 when the
 * body is not the vendor's JSON envelope, else the envelope.
 */
export function tokenEnvelope<T>(request: InboundRequest, schema: z.ZodType<T>): { ok: true; envelope: T } | Refused {
  if (!request.tokenOk) return { ok: false, status: 401, message: "Unknown inbound token" };
  const parsed = schema.safeParse(parseJson(request.rawBody));
  return parsed.success ? { ok: true, envelope: parsed.data } : invalid(parsed.error);
}

/** A webhook's `data` read with `schema`, then turned into updates; a 400 naming the issues (under `prefix`) when it does not fit. */
export function updatesFrom<T>(schema: z.ZodType<T>, data: unknown, prefix: string, updates: (value: T) => GatewayUpdate[]): WebhookParse {
  const parsed = schema.safeParse(data);
  return parsed.success ? { ok: true, updates: updates(parsed.data) } : invalid(parsed.error, prefix);
}

/** One of our messages' status as the gateway reported it (`messageId` where the vendor echoes ours). */
export function statusUpdate(
  providerMessageId: string | null,
  status: Extract<GatewayUpdate, { type: "message_status" }>["status"],
  detail: string | null,
  at: Date | null,
  messageId: string | null = null,
): GatewayUpdate {
  return { type: "message_status", providerMessageId, messageId, status, detail, at };
}

type Answer<T> = { ok: true; body: string } | { ok: false; outcome: T };

/** A lookup's answer: its body when 200, else "cannot say" (`vendor` names the gateway in the detail). */
export function lookupAnswer(vendor: string, result: HttpResult): Answer<LookupOutcome> {
  if (result.kind !== "response") return { ok: false, outcome: { kind: "unknown", detail: result.reason } };
  if (result.status === 200) return { ok: true, body: result.body };
  return { ok: false, outcome: { kind: "unknown", detail: `${vendor} answered HTTP ${result.status}: ${errorText(result.body)}` } };
}

/** A connection test's answer: its body when 200, else a failed test; `said` words the statuses the vendor documents. */
export function testAnswer(vendor: string, result: HttpResult, said: Record<number, string>): Answer<TestOutcome> {
  if (result.kind !== "response")
    return { ok: false, outcome: { ok: false, httpStatus: null, detail: `${vendor} did not answer: ${result.reason}` } };
  const { status, body } = result;
  if (status === 200) return { ok: true, body };
  const detail = said[status] ?? `${vendor} answered HTTP ${status}: ${errorText(body)}`;
  return { ok: false, outcome: { ok: false, httpStatus: status, detail } };
}
