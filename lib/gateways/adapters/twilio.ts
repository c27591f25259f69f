// `twilio`: Twilio Programmable Messaging, REST API 2010-04-01 (SMS), and providers that speak it
// (SPEC §6; docs/gateways.md §6 — twilio.com/docs/messaging/api/message-resource `tw-msg`, the status
// callback guides `tw-cb`, /docs/usage/webhooks/webhooks-security `tw-sec`, github twilio/twilio-go
// `rest/api/v2010/docs/AccountsMessagesApi.md` @ v1.7.2 `tw-go`). The API has no idempotency key, so our
// message id rides in the StatusCallback URL (`?ref=`, docs §6.2 Rec.): the first callback names the
// `sid` even when the create's answer was lost. Webhooks must carry both our inbound token and a valid
// `X-Twilio-Signature`.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { errorText, parseJson, sendOutcome } from "@/lib/gateways/adapters/outcomes";
import type {
  GatewayAdapter,
  GatewayConnection,
  GatewayUpdate,
  HttpRequest,
  LookupOutcome,
  ReportedMessageStatus,
  WebhookParse,
} from "@/lib/gateways/types";

/** How far back a lookup without a sid searches (OutboundMessage carries no send time). */
const LOOKUP_WINDOW_MS = 60 * 60 * 1000;

// The Message resource (docs §6.1/§6.2, `tw-msg`): `date_created` is RFC 2822 ("Thu, 30 Jul 2015 20:12:31 +0000").
const messageSchema = z.object({
  sid: z.string().min(1),
  status: z.string(),
  body: z.string().nullish(),
  date_created: z.string().nullish(),
  error_code: z.union([z.number(), z.string()]).nullish(),
  error_message: z.string().nullish(),
});
type TwilioMessage = z.infer<typeof messageSchema>;

// `MessageStatus` onto ours (docs §7.1): `scheduled`, `receiving`, `received` and values Twilio may add
// later ("the set can grow without notice", `tw-cb`) change nothing. `partially_delivered` and
// `canceled` are our reading (docs §8.10).
const STATUS_MAP: Record<string, ReportedMessageStatus> = {
  queued: "sent",
  accepted: "sent",
  sending: "sent",
  sent: "sent",
  delivered: "delivered",
  partially_delivered: "delivered",
  read: "read",
  failed: "failed",
  undelivered: "failed",
  canceled: "failed",
};
const FAILED = new Set(["failed", "undelivered", "canceled"]);

// Webhook form fields (docs §6.3 status callbacks, §6.4 inbound SMS — `tw-cb`, `tw-msg` request params).
const webhookSchema = z.object({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().optional(),
  SmsStatus: z.string().optional(),
  ErrorCode: z.string().optional(),
  From: z.string().optional(),
  Body: z.string().optional(),
});

/** Empty TwiML: take the inbound SMS, auto-reply nothing (docs §6.4). */
const EMPTY_TWIML = { status: 200, contentType: "text/xml", body: "<Response></Response>" };

export const twilioAdapter: GatewayAdapter = {
  kind: "twilio",

  async send(connection, message, { http, timeoutMs }) {
    const { accountSid } = connection.config;
    if (!accountSid) return { kind: "rejected", detail: "The Twilio connection has no Account SID" };
    if (!connection.instancePhone) return { kind: "rejected", detail: "The instance has no phone number to send from (Twilio `From`)" };
    // Exactly one sender, `From` (docs §6.1, `tw-msg`); `StatusCallback` = our inbound URL + our id (§6.2 Rec.).
    const form = new URLSearchParams({
      To: message.to,
      From: connection.instancePhone,
      Body: message.body,
      StatusCallback: statusCallback(connection, message.messageId),
    });
    const result = await http(request(connection, "POST", `Accounts/${accountSid}/Messages.json`, timeoutMs, form.toString()));
    // 201 → `sid` (docs §6.1). 429 (20429) "never processed and always safe to retry", Retry-After honoured
    // when present (its presence on this API is undocumented, §6.1). 5xx: Twilio warns a retried create after
    // a 500 may deliver twice (twilio.com/docs/errors/20500) → unknown, look up first (§7.3). Other 4xx final.
    const outcome = sendOutcome(
      result,
      (body) => {
        const sent = messageSchema.safeParse(parseJson(body));
        return sent.success ? sent.data.sid : null;
      },
      { serverErrors: "unknown" },
    );
    const code = result.kind === "response" ? twilioCode(result.body) : null;
    return outcome.kind !== "accepted" && code ? { ...outcome, detail: `${outcome.detail} (Twilio error ${code})` } : outcome;
  },

  async lookup(connection, message, providerMessageId, { http, timeoutMs }) {
    const { accountSid } = connection.config;
    if (!accountSid) return { kind: "unknown", detail: "The Twilio connection has no Account SID" };
    if (providerMessageId) {
      // `GET …/Messages/{Sid}.json` (docs §6.2, `tw-go` FetchMessage).
      const result = await http(
        request(connection, "GET", `Accounts/${accountSid}/Messages/${encodeURIComponent(providerMessageId)}.json`, timeoutMs),
      );
      if (result.kind !== "response") return { kind: "unknown", detail: result.reason };
      if (result.status === 404) return { kind: "not_found", detail: `Twilio has no message ${providerMessageId}` };
      const found = messageSchema.safeParse(parseJson(result.body));
      if (result.status !== 200 || !found.success) return { kind: "unknown", detail: `Twilio answered HTTP ${result.status}` };
      return lookupOutcome(found.data);
    }
    // No sid: list our messages to this contact and match the body (docs §6.2). Deliberately no `DateSent>=`
    // filter: it filters on `date_sent`, which a message still `queued` does not have yet (null in a create's
    // answer, `tw-msg`) — it would hide exactly the message we ask about and invite a duplicate. The newest
    // page (newest first, `tw-msg` list) is filtered on `date_created` here instead.
    if (!connection.instancePhone) return { kind: "unknown", detail: "The instance has no phone number to search from" };
    const query = new URLSearchParams({ To: message.to, From: connection.instancePhone, PageSize: "50" });
    const result = await http(request(connection, "GET", `Accounts/${accountSid}/Messages.json?${query}`, timeoutMs));
    if (result.kind !== "response") return { kind: "unknown", detail: result.reason };
    const page = z.object({ messages: z.array(z.unknown()) }).safeParse(parseJson(result.body));
    if (result.status !== 200 || !page.success) return { kind: "unknown", detail: `Twilio answered HTTP ${result.status}` };
    const since = Date.now() - LOOKUP_WINDOW_MS;
    const mine = page.data.messages
      .map((item) => messageSchema.safeParse(item))
      .find((m) => m.success && m.data.body === message.body && Date.parse(m.data.date_created ?? "") >= since);
    return mine?.success
      ? lookupOutcome(mine.data)
      : { kind: "not_found", detail: "No message with this text to this contact in the last hour" };
  },

  async testConnection(connection, { http, timeoutMs }) {
    // `GET /2010-04-01/Accounts/{Sid}.json` → `status` ∈ active | suspended | closed; 401 (20003) = bad
    // credentials (docs §6.6, twilio.com/docs/iam/api/account). suspended/closed → logged_out is our reading (§7.2).
    const { accountSid } = connection.config;
    if (!accountSid) return { ok: false, httpStatus: null, detail: "The Twilio connection has no Account SID" };
    const result = await http(request(connection, "GET", `Accounts/${accountSid}.json`, timeoutMs));
    if (result.kind !== "response") return { ok: false, httpStatus: null, detail: result.reason };
    if (result.status === 401)
      return { ok: false, httpStatus: 401, detail: "Twilio refused the Account SID and Auth Token (error 20003: authenticate)" };
    const account = z.object({ status: z.string(), friendly_name: z.string().nullish() }).safeParse(parseJson(result.body));
    if (result.status !== 200 || !account.success) {
      const said = errorText(result.body);
      return { ok: false, httpStatus: result.status, detail: `Twilio answered HTTP ${result.status}${said ? `: ${said}` : ""}` };
    }
    const { status, friendly_name } = account.data;
    const active = status === "active";
    return {
      ok: active,
      httpStatus: 200,
      detail: `Twilio account ${friendly_name ? `"${friendly_name}" ` : ""}is ${status}${active ? "" : ": it cannot send"}`,
      instanceStatus: active ? { status: "connected", reason: null } : { status: "disconnected", reason: "logged_out" },
    };
  },

  parseWebhook(connection, request): WebhookParse {
    if (!request.tokenOk) return { ok: false, status: 401, message: "Unknown inbound token" };
    const token = connection.credentials.authToken;
    const signature = request.headers["x-twilio-signature"];
    if (!token || !signature) return { ok: false, status: 401, message: "Missing X-Twilio-Signature (or no Auth Token to check it)" };
    // Twilio webhooks are application/x-www-form-urlencoded (docs §6.3/§6.4).
    const form = new URLSearchParams(request.rawBody);
    if (!validTwilioSignature(token, signature, request.url, [...form])) {
      // A matching "Webhooks Rule" signs with its own shared key instead (docs §6.5): we hold none.
      const rule = request.headers["x-twilio-webhooks-signature-settings"]
        ? " (signed by a Webhooks Rule key, which is not supported)"
        : "";
      return { ok: false, status: 401, message: `X-Twilio-Signature does not match${rule}` };
    }
    const parsed = webhookSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return { ok: false, status: 400, message: "Expected a Twilio form with MessageSid" };
    const fields = parsed.data;
    const status = fields.MessageStatus ?? fields.SmsStatus;
    // Inbound SMS: `SmsStatus=received`, sender `From`, text `Body` (docs §6.4); never our own sends.
    if (status === "received" || (status === undefined && fields.Body !== undefined)) {
      if (!fields.From) return { ok: false, status: 400, message: "An inbound SMS without From" };
      const update: GatewayUpdate = {
        type: "inbound",
        from: fields.From,
        body: fields.Body ?? "",
        providerMessageId: fields.MessageSid,
        at: null,
      };
      return { ok: true, updates: [update], reply: EMPTY_TWIML };
    }
    const ours = status ? STATUS_MAP[status] : undefined;
    if (!ours) return { ok: true, updates: [] };
    const ref = new URL(request.url, "http://ref.invalid").searchParams.get("ref");
    const update: GatewayUpdate = {
      type: "message_status",
      providerMessageId: fields.MessageSid,
      messageId: ref || null,
      status: ours,
      detail: ours === "failed" ? `Twilio ${status}${fields.ErrorCode ? ` (error ${fields.ErrorCode})` : ""}` : null,
      at: null,
    };
    return { ok: true, updates: [update] };
  },
};

/**
 * base64(HMAC-SHA1(authToken, url + every POST parameter sorted by name as name+value)) (docs §6.5, `tw-sec`);
 * repeated names keep their order. Used by the fake Twilio to sign what it posts.
 */
export function twilioSignature(authToken: string, url: string, params: [string, string][]): string {
  const data = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).reduce((acc, [name, value]) => acc + name + value, url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/**
 * Constant-time check against the URL as called, also with the scheme's default port added or removed:
 * Twilio's own validator does the same because Twilio may sign either form (github twilio/twilio-node
 * `src/webhooks/webhooks.ts` validateRequest, addPort/removePort).
 */
function validTwilioSignature(authToken: string, signature: string, url: string, params: [string, string][]): boolean {
  const given = Buffer.from(signature);
  return urlForms(url).some((form) => {
    const expected = Buffer.from(twilioSignature(authToken, form, params));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

function urlForms(url: string): string[] {
  try {
    const parsed = new URL(url);
    const standard = parsed.protocol === "https:" ? "443" : parsed.protocol === "http:" ? "80" : null;
    // `port` is "" both without a port and with the default one written out; another port is kept as is.
    if (!standard || parsed.port !== "") return [url];
    const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`;
    return [url, `${parsed.protocol}//${parsed.hostname}${rest}`, `${parsed.protocol}//${parsed.hostname}:${standard}${rest}`];
  } catch {
    return [url];
  }
}

function lookupOutcome(m: TwilioMessage): LookupOutcome {
  if (FAILED.has(m.status))
    return {
      kind: "failed",
      detail: `Twilio ${m.status}${m.error_code ? ` (error ${m.error_code}${m.error_message ? `: ${m.error_message}` : ""})` : ""}`,
    };
  return { kind: "sent", providerMessageId: m.sid, detail: `Twilio has message ${m.sid} (${m.status})` };
}

function statusCallback(connection: GatewayConnection, messageId: string): string {
  return `${connection.inboundUrl}${connection.inboundUrl.includes("?") ? "&" : "?"}ref=${encodeURIComponent(messageId)}`;
}

/** Twilio's numeric error `code` from an error body `{ code, message, more_info, status }` (docs §6.1). */
function twilioCode(body: string): number | null {
  const json = parseJson(body) as { code?: unknown } | null;
  return typeof json?.code === "number" ? json.code : null;
}

function request(connection: GatewayConnection, method: "GET" | "POST", path: string, timeoutMs: number, body?: string): HttpRequest {
  // HTTP Basic AccountSid:AuthToken (docs §6.1, `tw-msg`).
  const basic = Buffer.from(`${connection.config.accountSid}:${connection.credentials.authToken ?? ""}`).toString("base64");
  const headers: Record<string, string> = { authorization: `Basic ${basic}`, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
  return { method, url: `${connection.url}/2010-04-01/${path}`, headers, body, timeoutMs };
}
