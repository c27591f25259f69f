// `waha`: WAHA, the WhatsApp HTTP API (SPEC §6). Facts and sources: docs/gateways.md §4
// (devlikeapro/waha core @ 55fc6a4, 2024.10.8, plus newer single files) and §7 (mappings). We send
// with `POST {url}/api/sendText` and the `X-Api-Key` header, look a message whose answer was lost
// up in its chat (`GET {url}/api/{session}/chats/{chatId}/messages…`), test with
// `GET {url}/api/sessions/{session}`, read the webhooks `session.status`, `message.ack` and
// `message`, and ask the number behind a `…@lid` sender (`GET {url}/api/{session}/lids/{lid}`).
// WAHA Core signs nothing; its HMAC (`X-Webhook-Hmac`, HMAC-SHA512 of the raw body, §4.6) is a
// Plus feature with no credential field here yet: when a connection gets an HMAC key, parseWebhook
// should accept a valid HMAC as well as the token, like the webhook adapter's signature.
import { z } from "zod";
import type { InstanceStatus, StatusReason } from "@/lib/engine/types";
import { errorText, parseJson, sendOutcome } from "@/lib/gateways/adapters/outcomes";
import { apiKeyRequests, lookupAnswer, statusUpdate, testAnswer, tokenEnvelope, updatesFrom } from "@/lib/gateways/adapters/shared";
import type * as Gateway from "@/lib/gateways/types";

/** How far back a lookup without the provider id searches our sends to the contact (see `lookup`). */
const LOOKUP_WINDOW_S = 60 * 60;
const LOOKUP_LIMIT = 100;

export const wahaAdapter: Gateway.GatewayAdapter = {
  kind: "waha",

  async send(connection, message, { http, timeoutMs }) {
    const session = sessionOf(connection);
    const chatId = chatIdOf(message.to);
    // Body per §4.1 (`structures/chatting.dto.ts` MessageTextRequest).
    const result = await http(request(connection, "POST", "/api/sendText", timeoutMs, { session, chatId, text: message.body }));
    // Decisions (§7.3 applied to SPEC §6):
    // - refused / DNS → retry; 429 → retry after Retry-After (WAHA has no limiter, a proxy may).
    // - 422 with WAHA's "session status is not as expected" body → retry, although SPEC fails
    //   other 4xx at once: WAHA answers it before touching the engine when the session is not
    //   WORKING after 5 s (`manager.abc.ts` waitUntilStatus, §4.1, §8.4), so nothing was sent and
    //   the session is often just restarting — the same case as a refused connection.
    // - 5xx → unknown (look up first): WAHA answers 500 for any exception (`AllExceptionsFilter`),
    //   including engine errors after the message may have left (§7.3); when the lookup finds
    //   nothing the outbox sends again, as SPEC retries 5xx.
    // - other 4xx → rejected (SPEC): 400 validation, 401 key, 404 session.
    // - a timeout after the request went out → unknown (SPEC §6), then `lookup`.
    if (result.kind === "response" && result.status === 422 && notWorkingSchema.safeParse(parseJson(result.body)).success)
      return { kind: "retry", retryAfterMs: null, detail: `WAHA session is not working (HTTP 422): ${errorText(result.body)}` };
    return sendOutcome(result, (body) => sentId(body, chatId), { serverErrors: "unknown" });
  },

  async lookup(connection, message, providerMessageId, { http, timeoutMs }) {
    const session = encodeURIComponent(sessionOf(connection));
    const chatId = chatIdOf(message.to);
    const chat = `/api/${session}/chats/${encodeURIComponent(chatId)}/messages`;
    // §4.2: by id `GET …/messages/{messageId}` (newer builds only: the 2024.10 core has no such
    // route, so any answer but 200 falls through to the list, which every build has).
    if (providerMessageId) {
      const byId = await http(request(connection, "GET", `${chat}/${encodeURIComponent(providerMessageId)}`, timeoutMs));
      const found = byId.kind === "response" && byId.status === 200 ? messageSchema.safeParse(parseJson(byId.body)) : null;
      if (found?.success) return foundOutcome(found.data);
    }
    // The chat's recent messages (`GetChatMessagesFilter`, §4.2), matched on the id, or else on
    // fromMe + text + time: there is no reference of ours on the wire. The window is the last hour:
    // the interface does not carry when the attempt was made, and the outbox looks up within its
    // 15-minute retry window. Older builds ignore the filters; the match below does not rely on them.
    const since = Math.floor(Date.now() / 1000) - LOOKUP_WINDOW_S;
    const query = new URLSearchParams({ limit: String(LOOKUP_LIMIT), "filter.fromMe": "true", "filter.timestamp.gte": String(since) });
    const result = await http(request(connection, "GET", `${chat}?${query}`, timeoutMs));
    const answer = lookupAnswer("WAHA", result);
    if (!answer.ok) return answer.outcome;
    const list = z.array(messageSchema).safeParse(parseJson(answer.body));
    if (!list.success) return { kind: "unknown", detail: "WAHA's chat messages answer was not readable" };
    const match = list.data.find((m) =>
      providerMessageId
        ? idOf(m.id) === providerMessageId
        : m.fromMe === true && m.body === message.body && (m.timestamp ?? since) >= since,
    );
    return match ? foundOutcome(match) : { kind: "not_found", detail: "WAHA has no such message in the chat" };
  },

  async testConnection(connection, { http, timeoutMs }) {
    const session = sessionOf(connection);
    const result = await http(request(connection, "GET", `/api/sessions/${encodeURIComponent(session)}`, timeoutMs));
    return testOutcome(session, result);
  },

  // A `…@lid` sender is resolved with `GET {url}/api/{session}/lids/{lid}` → `{ lid, pn }` (§4.5,
  // WAHA's `lids.controller.ts`): `pn` is the phone's chat id, or null while WAHA has not learned
  // it (waha#1712) — that message, like one whose lookup fails, is left out (logged by the caller).
  async completeUpdates(connection, updates, { http, timeoutMs }) {
    const session = encodeURIComponent(sessionOf(connection));
    const completed: Gateway.GatewayUpdate[] = [];
    for (const update of updates) {
      if (update.type !== "inbound" || !update.from.endsWith("@lid")) {
        completed.push(update);
        continue;
      }
      const result = await http(request(connection, "GET", `/api/${session}/lids/${encodeURIComponent(update.from)}`, timeoutMs));
      const found = result.kind === "response" && result.status === 200 ? lidSchema.safeParse(parseJson(result.body)) : null;
      const phone = found?.success ? phoneOfChat(found.data.pn ?? "") : null;
      if (phone !== null) completed.push({ ...update, from: phone });
    }
    return completed;
  },

  parseWebhook(connection, request) {
    const read = tokenEnvelope(request, envelopeSchema);
    if (!read.ok) return read;
    const { event, session, payload, timestamp } = read.envelope;
    // A global hook (WHATSAPP_HOOK_URL) posts every session's events to one URL: another session's
    // events are not this instance's news (§4.3 envelope `session`).
    if (session !== sessionOf(connection)) return { ok: true, updates: [] };
    // Newer builds add `timestamp` (ms) to the envelope (§4.3, waha#1464); older ones carry none.
    const at = timestamp ? new Date(timestamp) : null;
    return parseEvent(event, payload, at);
  },
};

// ---- Sending and looking up --------------------------------------------------------------------

// 201 body = the engine's own object (§4.1, waha#760): WEBJS `id: { _serialized, … }`; NOWEB
// Baileys `{ key: { remoteJid, fromMe, id }, … }`; some builds return an empty body.
const sentSchema = z.object({
  id: z.union([z.string().min(1), z.object({ _serialized: z.string().min(1) })]).optional(),
  key: z.object({ id: z.string().min(1), remoteJid: z.string().optional() }).optional(),
});
// 422 body of `waitUntilStatus` (§4.1): `{ error, session, status, expected }`.
const notWorkingSchema = z.object({ status: z.string(), expected: z.unknown() });

/**
 * The provider id as WAHA itself names the message (§4.1 Rec.): the engine's serialized id, or for
 * NOWEB `true_<chat>@c.us_<key.id>` built as WAHA's `buildMessageId` does
 * (`session.noweb.core.ts` L1728); null when the body has neither (reconciled by `lookup`).
 */
function sentId(body: string, chatId: string): string | null {
  const parsed = sentSchema.safeParse(parseJson(body));
  if (!parsed.success) return null;
  const { id, key } = parsed.data;
  if (id) return idOf(id);
  if (!key) return null;
  const chat = key.remoteJid ? key.remoteJid.replace(/@s\.whatsapp\.net$/, "@c.us") : chatId;
  return `true_${chat}_${key.id}`;
}

// A WAMessage (§4.2 lookup answers, §4.5 `message` payload): `ack` −1…4 per `WAMessageAck`.
const messageSchema = z.object({
  id: z.union([z.string().min(1), z.object({ _serialized: z.string().min(1) })]),
  timestamp: z.number().nullish(),
  from: z.string().nullish(),
  fromMe: z.boolean().nullish(),
  body: z.string().nullish(),
  ack: z.number().int().nullish(),
});

function foundOutcome(found: z.infer<typeof messageSchema>): Gateway.LookupOutcome {
  // ack −1 ERROR: WhatsApp refused it (§4.3, §7.1) — it exists but failed.
  if (found.ack === -1) return { kind: "failed", detail: "WhatsApp reported an error for it (WAHA ack ERROR)" };
  return { kind: "sent", providerMessageId: idOf(found.id), detail: "WAHA has it" };
}

function idOf(id: string | { _serialized: string }): string {
  return typeof id === "string" ? id : id._serialized;
}

// ---- Testing the connection --------------------------------------------------------------------

const sessionInfoSchema = z.object({ name: z.string().optional(), status: z.string() });

function testOutcome(session: string, result: Gateway.HttpResult): Gateway.TestOutcome {
  // §4.7: `{ name, status, config, me }`, 404 for an unknown session; 401 for a wrong key (§4.1).
  const answer = testAnswer("WAHA", result, {
    401: "WAHA refused the API key (HTTP 401)",
    404: `WAHA has no session named "${session}" (HTTP 404)`,
  });
  if (!answer.ok) return answer.outcome;
  const info = sessionInfoSchema.safeParse(parseJson(answer.body));
  if (!info.success) return { ok: false, httpStatus: 200, detail: "WAHA's session answer was not readable" };
  // The state the session is in: the last step of what its `session.status` webhook would report.
  const instanceStatus = SESSION_STATUSES[info.data.status]?.at(-1);
  const words = SESSION_WORDS[info.data.status] ?? `is ${info.data.status}`;
  return { ok: true, httpStatus: 200, detail: `Session "${session}" ${words}`, ...(instanceStatus && { instanceStatus }) };
}

const SESSION_WORDS: Record<string, string> = {
  WORKING: "is connected to WhatsApp",
  STARTING: "is starting",
  SCAN_QR_CODE: "is waiting for its QR code to be scanned",
  FAILED: "has failed: restart it in WAHA, or scan its QR code again",
  STOPPED: "is stopped: start it in WAHA",
};

// ---- Webhooks ----------------------------------------------------------------------------------

// Envelope `{ event, session, metadata, me, payload, engine, environment }` (+ `id`, `timestamp`
// in newer builds), `webhooks.core.ts` callWebhook, §4.3.
const envelopeSchema = z.object({
  event: z.string().min(1),
  session: z.string(),
  payload: z.unknown(),
  timestamp: z.number().optional(),
});
// `session.status` payload `{ name, status }` (§4.4).
const sessionStatusSchema = z.object({ status: z.string() });
// `message.ack` payload `{ id, from, to, participant, fromMe, ack, ackName }` (§4.3 WAMessageAckBody).
const ackSchema = z.object({
  id: z.union([z.string().min(1), z.object({ _serialized: z.string().min(1) })]),
  fromMe: z.boolean().nullish(),
  ack: z.number().int(),
});

type State = { status: InstanceStatus; reason: StatusReason | null };
const state = (status: InstanceStatus, reason: StatusReason | null = null): State => ({ status, reason });

/**
 * `session.status` onto the status machine (§7.2, lib/instances/status-machine.ts). Each answer is
 * a list the machine accepts in order from the states the event arrives in (the adapter does not
 * know the current one):
 * - STARTING → connecting. WAHA reports the drop itself (FAILED/STOPPED) before restarting.
 * - SCAN_QR_CODE → qr_pending (refused by the machine while connecting, then WORKING connects it).
 * - WORKING → connecting, then connected: WAHA can go from SCAN_QR_CODE straight to WORKING, and
 *   connected follows connecting only (a no-op when already connecting).
 * - FAILED → disconnected/transient: SPEC's mapping, kept although WAHA says it usually needs a
 *   new login (§4.4, §8.3) — a restart with its stored login goes STARTING → WORKING, which the
 *   machine allows only from transient; a new scan shows as SCAN_QR_CODE.
 * - STOPPED → disconnected/transient, our decision for the same reason: an operator's stop keeps
 *   the login, and starting it again goes STARTING → WORKING.
 */
const SESSION_STATUSES: Record<string, State[]> = {
  STARTING: [state("connecting")],
  SCAN_QR_CODE: [state("qr_pending")],
  WORKING: [state("connecting"), state("connected")],
  FAILED: [state("disconnected", "transient")],
  STOPPED: [state("disconnected", "transient")],
};

// §7.1: 1 SERVER → sent, 2 DEVICE → delivered, 3 READ / 4 PLAYED → read, −1 ERROR → failed;
// 0 PENDING changes nothing.
const ACKS: Record<number, Gateway.ReportedMessageStatus> = { [-1]: "failed", 1: "sent", 2: "delivered", 3: "read", 4: "read" };

function parseEvent(event: string, payload: unknown, at: Date | null): Gateway.WebhookParse {
  switch (event) {
    case "session.status":
      return updatesFrom(sessionStatusSchema, payload, "payload", ({ status }) =>
        (SESSION_STATUSES[status] ?? []).map((s) => ({ type: "instance_status", ...s, at })),
      );
    case "message.ack":
      return updatesFrom(ackSchema, payload, "payload", (ack) => {
        const status = ACKS[ack.ack];
        // Only our own messages have a delivery status for us; WAHA reports no error text (§4.3).
        if (!status || ack.fromMe === false) return [];
        const detail = status === "failed" ? "WhatsApp reported an error (WAHA ack ERROR)" : null;
        return [statusUpdate(idOf(ack.id), status, detail, at)];
      });
    case "message":
      return updatesFrom(messageSchema, payload, "payload", inboundUpdates);
    default:
      // `message.any`, `state.change`, presence… are not ours to act on (§4.4: state.change is internal).
      return { ok: true, updates: [] };
  }
}

/** What a contact's message makes: one inbound update, or none when it is not a contact writing. */
function inboundUpdates(message: z.infer<typeof messageSchema>): Gateway.GatewayUpdate[] {
  // NOWEB already filters our own messages out of `message` (§4.5); skipped anyway.
  if (message.fromMe) return [];
  // `<digits>@c.us` is a phone. A `<lid>@lid` sender carries no phone (§4.5, waha#1418): passed on
  // as it is, for completeUpdates to ask WAHA its number. Groups (`@g.us`) and broadcasts: nothing.
  const sender = message.from ?? "";
  const from = /^\d{6,20}@lid$/.test(sender) ? sender : phoneOfChat(sender);
  if (from === null) return [];
  // `timestamp` is Unix seconds (WAMessage, §4.5).
  const at = message.timestamp ? new Date(message.timestamp * 1000) : null;
  return [{ type: "inbound", from, body: message.body ?? "", providerMessageId: idOf(message.id), at }];
}

/** `+<digits>` of a phone's chat id (`<digits>@c.us`, or NOWEB's `<digits>[:device]@s.whatsapp.net`); null for anything else. */
function phoneOfChat(chatId: string): string | null {
  const [user, server] = chatId.split("@");
  if (server !== "c.us" && server !== "s.whatsapp.net") return null;
  const phone = user.split(":")[0];
  return /^\d{6,15}$/.test(phone) ? `+${phone}` : null;
}

// `LidToPhoneNumber` (WAHA `structures/lids.dto.ts`): `pn` null while the number is unknown.
const lidSchema = z.object({ lid: z.string().nullish(), pn: z.string().nullish() });

// ---- Helpers -----------------------------------------------------------------------------------

/** The WAHA session: Core allows only `default` (§4.1, `manager.core.ts` onlyDefault). */
function sessionOf(connection: Gateway.GatewayConnection): string {
  return connection.config.session || "default";
}

/** `<digits>@c.us`, the chat of a phone number (§4.1, `session.abc.ts` ensureSuffix). */
function chatIdOf(phone: Gateway.OutboundMessage["to"]): string {
  return `${phone.replace(/\D/g, "")}@c.us`;
}

// Auth: header `X-Api-Key` (§4.1, `HeaderOrQueryApiKeyStrategy.ts`).
const request = apiKeyRequests("x-api-key");
