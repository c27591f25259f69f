// `evolution`: Evolution API v2, a WhatsApp gateway built on Baileys (SPEC §6). Facts and sources:
// docs/gateways.md §3 (EvolutionAPI/evolution-api @ 3454bec, release 2.3.6) and §7 (mappings).
// We send a text with `POST {url}/message/sendText/{instance}` and the `apikey` header, look a
// message whose answer was lost up with `POST {url}/chat/findMessages/{instance}`, test with
// `GET {url}/instance/connectionState/{instance}`, and read the webhooks CONNECTION_UPDATE,
// QRCODE_UPDATED, MESSAGES_UPSERT and MESSAGES_UPDATE. Evolution signs nothing (§3.6): the inbound
// token in the URL path is the only proof, and the path may carry one more segment when the
// webhook is set `byEvents` (§3.3) — the route handles the path, this file never reads it.
import { z } from "zod";
import { parseJson, sendOutcome } from "@/lib/gateways/adapters/outcomes";
import { apiKeyRequests, lookupAnswer, statusUpdate, testAnswer, tokenEnvelope, updatesFrom } from "@/lib/gateways/adapters/shared";
import type * as Gateway from "@/lib/gateways/types";

/** How far back a lookup without the provider id searches our sends to the contact (see `lookup`). */
const LOOKUP_WINDOW_MS = 60 * 60 * 1000;
/** Evolution pages findMessages (`offset` = page size, default 50; `baileys.service` fetchMessages). */
const LOOKUP_PAGE_SIZE = 100;

export const evolutionAdapter: Gateway.GatewayAdapter = {
  kind: "evolution",

  async send(connection, message, { http, timeoutMs }) {
    const instance = connection.config.instance;
    if (!instance) return { kind: "rejected", detail: "The connection has no Evolution instance name" };
    // Body per §3.1 (`validate/message.schema.ts` textMessageSchema): `number` is the E.164 digits
    // without "+"; Evolution adds `@s.whatsapp.net` and rewrites BR/MX/AR numbers itself (createJid).
    const result = await http(
      request(connection, "POST", `/message/sendText/${encodeURIComponent(instance)}`, timeoutMs, {
        number: digits(message.to),
        text: message.body,
      }),
    );
    // Decisions (§7.3 applied to SPEC §6), all through the shared sendOutcome:
    // - refused / DNS (not_sent) → retry: the request never reached Evolution.
    // - 429 → retry after Retry-After: Evolution has no limiter (§3.1), but a proxy in front may.
    // - 5xx → unknown (look up first), not retry: Evolution wraps every exception of the send
    //   itself as 400 (§3.1, `baileys.service` L2392), so a 5xx comes from around it — an instance
    //   not loaded (before sending) or a proxy's 502/504 (possibly after Evolution sent it). Only a
    //   lookup tells them apart; when it finds nothing the outbox sends again, as SPEC retries 5xx.
    // - other 4xx → rejected (SPEC: failed at once): 400 validation or `exists: false` (not on
    //   WhatsApp), 401 key, 404 instance. Caveat (§8.4): Baileys errors such as "Connection Closed"
    //   also arrive as 400 and are failed at once too — SPEC's rule, the instance status tells why.
    // - a timeout after the request went out → unknown (SPEC §6), then `lookup`.
    return sendOutcome(
      result,
      (body) => {
        // 201 body = the stored message; provider id = `key.id` (§3.1, `prepareMessage`, evo-doc).
        const parsed = sentSchema.safeParse(parseJson(body));
        return parsed.success ? parsed.data.key.id : null;
      },
      { serverErrors: "unknown" },
    );
  },

  async lookup(connection, message, providerMessageId, { http, timeoutMs }) {
    const instance = connection.config.instance;
    if (!instance) return { kind: "unknown", detail: "The connection has no Evolution instance name" };
    // §3.2: findMessages filters on `where.key.id`, or on `where.key.fromMe` and a
    // `messageTimestamp` window (both `gte` and `lte`, dates). Without an id we do not filter on
    // `remoteJid`: Evolution stores the JID it rewrote (BR 9th digit, MX/AR, `createJid.ts`) or an
    // `@lid` with the phone in `remoteJidAlt`, so we match the number ourselves (`samePhone`) and
    // the text. The window is the last hour: the interface does not carry when the attempt was
    // made, and the outbox looks up within its 15-minute retry window.
    const now = Date.now();
    const where = providerMessageId
      ? { key: { id: providerMessageId } }
      : {
          key: { fromMe: true },
          messageTimestamp: { gte: new Date(now - LOOKUP_WINDOW_MS).toISOString(), lte: new Date(now + 60_000).toISOString() },
        };
    const result = await http(
      request(connection, "POST", `/chat/findMessages/${encodeURIComponent(instance)}`, timeoutMs, {
        where,
        offset: LOOKUP_PAGE_SIZE,
        page: 1,
      }),
    );
    const answer = lookupAnswer("Evolution", result);
    if (!answer.ok) return answer.outcome;
    const parsed = foundSchema.safeParse(parseJson(answer.body));
    if (!parsed.success) return { kind: "unknown", detail: "Evolution's findMessages answer was not readable" };
    const record = parsed.data.messages.records.find((r) =>
      providerMessageId
        ? r.key.id === providerMessageId
        : r.key.fromMe === true && samePhone(r.key, message.to) && textOf(r) === message.body,
    );
    return record ? foundOutcome(record) : { kind: "not_found", detail: "Evolution has no such message" };
  },

  async testConnection(connection, { http, timeoutMs }) {
    const instance = connection.config.instance;
    if (!instance) return { ok: false, httpStatus: null, detail: "The connection has no Evolution instance name" };
    const result = await http(request(connection, "GET", `/instance/connectionState/${encodeURIComponent(instance)}`, timeoutMs));
    return testOutcome(instance, result);
  },

  parseWebhook(connection, request) {
    const read = tokenEnvelope(request, envelopeSchema);
    if (!read.ok) return read;
    const { event, instance, data } = read.envelope;
    // A global webhook (WEBHOOK_GLOBAL_URL) posts every instance's events to one URL: events of
    // another instance than this connection's are not this instance's news (§3.3 `instance`).
    const wanted = connection.config.instance;
    if (wanted && instance !== undefined && instance !== wanted) return { ok: true, updates: [] };
    // Evolution emits the dotted lower-case name and lists the upper-case enum (§3.3); it turns
    // one into the other the same way (`webhook.controller.ts` emit: [.-] → _, upper case).
    return parseEvent(event.replace(/[.-]/g, "_").toUpperCase(), data);
  },
};

// ---- Sending and looking up --------------------------------------------------------------------

const sentSchema = z.object({ key: z.object({ id: z.string().min(1) }) });

const recordSchema = z.object({
  key: z.object({
    id: z.string(),
    fromMe: z.boolean().nullish(),
    remoteJid: z.string().nullish(),
    remoteJidAlt: z.string().nullish(),
  }),
  message: z.object({ conversation: z.string().nullish() }).nullish(),
  // Statuses recorded for it (MESSAGES_UPDATE saved, `fetchMessages` select `MessageUpdate`).
  MessageUpdate: z.array(z.object({ status: z.string().nullish() })).nullish(),
});
type FoundRecord = z.infer<typeof recordSchema>;
// `{ messages: { total, pages, currentPage, records } }` (§3.2, `baileys.service` fetchMessages).
const foundSchema = z.object({ messages: z.object({ records: z.array(recordSchema) }) });

function foundOutcome(record: FoundRecord): Gateway.LookupOutcome {
  const statuses = (record.MessageUpdate ?? []).map((u) => u.status);
  // ERROR (renderStatus 0) is WhatsApp refusing it (§3.3, §7.1): the message exists but failed.
  if (statuses.includes("ERROR")) return { kind: "failed", detail: "WhatsApp reported an error for it (Evolution status ERROR)" };
  return { kind: "sent", providerMessageId: record.key.id, detail: "Evolution has it" };
}

function textOf(record: FoundRecord): string | null {
  // Evolution folds extended text into `message.conversation` (`prepareMessage`, §3.5).
  return record.message?.conversation ?? null;
}

/**
 * Whether a stored key is our contact: same country prefix and same last 8 digits, in
 * `remoteJid` or `remoteJidAlt` — Evolution's rewrites (BR adds/drops the 9 after the area code,
 * MX/AR drop the 1 after the country code, `utils/createJid.ts`) never touch those.
 */
function samePhone(key: FoundRecord["key"], to: string): boolean {
  const ours = digits(to);
  return [key.remoteJid, key.remoteJidAlt].some((jid) => {
    const theirs = jid?.endsWith("@s.whatsapp.net") ? jid.split("@")[0].split(":")[0] : null;
    return !!theirs && theirs.slice(0, 2) === ours.slice(0, 2) && theirs.slice(-8) === ours.slice(-8);
  });
}

// ---- Testing the connection --------------------------------------------------------------------

const stateSchema = z.object({ instance: z.object({ instanceName: z.string().optional(), state: z.string().nullish() }) });

function testOutcome(instance: string, result: Gateway.HttpResult): Gateway.TestOutcome {
  // §3.7: 404 = no such instance (checked before the key), 401 = wrong key.
  const answer = testAnswer("Evolution", result, {
    401: "Evolution refused the API key (HTTP 401)",
    404: `Evolution has no instance named "${instance}" (HTTP 404)`,
  });
  if (!answer.ok) return answer.outcome;
  const state = stateSchema.safeParse(parseJson(answer.body)).data?.instance.state;
  // An instance in Evolution's database but not loaded has no state (§3.1, issue 1412).
  if (!state) return { ok: false, httpStatus: 200, detail: `Evolution knows "${instance}" but has not loaded it (no connection state)` };
  // `close` (and any other state) carries no reason here: a new instance waiting for its first scan
  // and a logged-out one look the same, so no status is claimed (the webhooks say which, §3.4).
  const known = STATES[state];
  const words = known?.words ?? `is not connected to WhatsApp (state ${state}): scan its QR code in Evolution`;
  return { ok: true, httpStatus: 200, detail: `Instance "${instance}" ${words}`, ...(known && { instanceStatus: known.instanceStatus }) };
}

// connectionState `state` (§3.7): `refused` = the QR code limit was reached, a new login is needed (§7.2).
const STATES: Record<string, { words: string; instanceStatus: NonNullable<Gateway.TestOutcome["instanceStatus"]> }> = {
  open: { words: "is connected to WhatsApp", instanceStatus: { status: "connected", reason: null } },
  connecting: { words: "is connecting to WhatsApp", instanceStatus: { status: "connecting", reason: null } },
  refused: {
    words: "reached its QR code limit: log in again in Evolution",
    instanceStatus: { status: "disconnected", reason: "logged_out" },
  },
};

// ---- Webhooks ----------------------------------------------------------------------------------

// Envelope `{ event, instance, data, destination, date_time, sender, server_url, apikey }` (§3.3).
// `date_time` is not used for `at`: Evolution writes local time with a "Z" (`channel.service.ts`
// sendDataWebhook shifts by the timezone offset, then toISOString), which would be hours off — and
// an `at` in the past makes the status service drop a report as out of order.
const envelopeSchema = z.object({ event: z.string().min(1), instance: z.string().optional(), data: z.unknown() });

// MESSAGES_UPDATE `data` (§3.3, `baileys.service` L1428–1551); `status` from `utils/renderStatus.ts`.
const messageUpdateSchema = z.object({ keyId: z.string().min(1), fromMe: z.boolean().nullish(), status: z.string() });
// CONNECTION_UPDATE `data` = `{ instance, state, statusReason, … }` (§3.4, `connectionUpdate`).
const connectionUpdateSchema = z.object({ state: z.string(), statusReason: z.number().nullish() });
// QRCODE_UPDATED `data` = `{ qrcode: { … } }`, or `{ message, statusCode }` at the QR limit (§3.4).
const qrcodeSchema = z.object({ qrcode: z.object({}).nullish() });
// MESSAGES_UPSERT `data` = the stored message (§3.5, `prepareMessage`).
const upsertSchema = z.object({
  key: z.object({
    id: z.string().min(1),
    remoteJid: z.string(),
    fromMe: z.boolean().nullish(),
    addressingMode: z.string().nullish(),
    remoteJidAlt: z.string().nullish(),
  }),
  message: z
    .object({
      conversation: z.string().nullish(),
      imageMessage: z.object({ caption: z.string().nullish() }).nullish(),
      videoMessage: z.object({ caption: z.string().nullish() }).nullish(),
      documentMessage: z.object({ caption: z.string().nullish() }).nullish(),
    })
    .nullish(),
  messageType: z.string().nullish(),
  messageTimestamp: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish(),
});

// §7.1: SERVER_ACK → sent, DELIVERY_ACK → delivered, READ/PLAYED → read, ERROR → failed;
// PENDING (our own send, already `sent`) and DELETED (no status) change nothing.
const MESSAGE_STATUSES: Record<string, Gateway.ReportedMessageStatus> = {
  SERVER_ACK: "sent",
  DELIVERY_ACK: "delivered",
  READ: "read",
  PLAYED: "read",
  ERROR: "failed",
};

/** Baileys stub and edit messages that are not something a contact wrote (Baileys proto names). */
const NOT_MESSAGES = new Set(["protocolMessage", "reactionMessage", "pollUpdateMessage", "senderKeyDistributionMessage"]);

function parseEvent(event: string, data: unknown): Gateway.WebhookParse {
  switch (event) {
    case "MESSAGES_UPDATE":
      return updatesFrom(messageUpdateSchema, data, "data", (update) => {
        const status = MESSAGE_STATUSES[update.status];
        // Only our own messages have a delivery status for us; Evolution reports no error text (§3.3).
        if (!status || update.fromMe === false) return [];
        const detail = status === "failed" ? "WhatsApp reported an error (Evolution status ERROR)" : null;
        return [statusUpdate(update.keyId, status, detail, null)];
      });
    case "CONNECTION_UPDATE":
      return updatesFrom(connectionUpdateSchema, data, "data", (update) => connectionUpdates(update.state, update.statusReason ?? null));
    case "QRCODE_UPDATED":
      // Without `qrcode` it is the "QR code limit reached" notice; the `refused` CONNECTION_UPDATE
      // that follows it carries the status (§3.4, L310–372).
      return updatesFrom(qrcodeSchema, data, "data", (update) => (update.qrcode ? [instanceStatus("qr_pending")] : []));
    case "MESSAGES_UPSERT":
      return updatesFrom(upsertSchema, data, "data", inboundUpdates);
    default:
      // Every other event (SEND_MESSAGE, CONTACTS_*, CHATS_*…) is not ours to act on: 200, so
      // Evolution does not retry it.
      return { ok: true, updates: [] };
  }
}

/**
 * CONNECTION_UPDATE states onto the status machine (§7.2, lib/instances/status-machine.ts). The
 * adapter does not know the instance's current state, so each answer is a list the machine accepts
 * in order from the states the event arrives in:
 * - `open` → connected (Evolution always emits `connecting` first: `connectToWhatsapp`).
 * - `connecting` → disconnected/transient, then connecting. Evolution reconnects a dropped session
 *   by itself and posts no `close` for it (§3.4, `codesToNotReconnect`): a `connecting` is the only
 *   sign a connected instance dropped, and connected → connecting is not in the machine, while
 *   any state → transient → connecting is. The cost: a first pairing (qr_pending → connecting)
 *   also records one transient blip.
 * - `close` → 401 loggedOut and Evolution's other no-reconnect codes 402/406 (meaning unknown,
 *   §8.6) → logged_out; 403 forbidden → banned (our reading, not documented by Evolution or
 *   Baileys, §7.2); any other code → transient (Evolution only posts `close` for the codes above).
 * - `refused` (QR code limit reached, statusReason 428) → logged_out: a new scan is needed (our
 *   reading, §7.2).
 */
function connectionUpdates(state: string, reason: number | null): Gateway.GatewayUpdate[] {
  switch (state) {
    case "open":
      return [instanceStatus("connected")];
    case "connecting":
      return [instanceStatus("disconnected", "transient"), instanceStatus("connecting")];
    case "close":
      if (reason === 403) return [instanceStatus("disconnected", "banned")];
      if (reason === 401 || reason === 402 || reason === 406) return [instanceStatus("disconnected", "logged_out")];
      return [instanceStatus("disconnected", "transient")];
    case "refused":
      return [instanceStatus("disconnected", "logged_out")];
    default:
      return [];
  }
}

/** What a contact's message makes: one inbound update, or none when it is not a contact writing. */
function inboundUpdates(message: z.infer<typeof upsertSchema>): Gateway.GatewayUpdate[] {
  const { key } = message;
  // Our own sends and messages typed on the phone come back as upserts with fromMe (§3.5).
  if (key.fromMe) return [];
  if (message.messageType && NOT_MESSAGES.has(message.messageType)) return [];
  // LID addressing: the phone JID is in `remoteJidAlt` (§3.5, `baileys.service` L1382–1387). Groups
  // (`@g.us`), broadcasts and a LID with no phone JID have no contact number: skipped.
  const jid = key.addressingMode === "lid" || key.remoteJid.endsWith("@lid") ? key.remoteJidAlt : key.remoteJid;
  const phone = jid?.endsWith("@s.whatsapp.net") ? jid.split("@")[0].split(":")[0] : null;
  if (!phone || !/^\d{6,15}$/.test(phone)) return [];
  const m = message.message;
  const body = m?.conversation ?? m?.imageMessage?.caption ?? m?.videoMessage?.caption ?? m?.documentMessage?.caption ?? "";
  // `messageTimestamp` is Unix seconds (Baileys, `prepareMessage` converts Long to number).
  const at = message.messageTimestamp ? new Date(message.messageTimestamp * 1000) : null;
  return [{ type: "inbound", from: `+${phone}`, body, providerMessageId: key.id, at }];
}

// ---- Helpers -----------------------------------------------------------------------------------

function instanceStatus(
  status: "qr_pending" | "connecting" | "connected" | "disconnected",
  reason: "transient" | "logged_out" | "banned" | null = null,
): Gateway.GatewayUpdate {
  return { type: "instance_status", status, reason, at: null };
}

// Auth: header `apikey`, the global key or the instance's token (§3.1, `api/guards/auth.guard.ts`).
const request = apiKeyRequests("apikey");

function digits(phone: Gateway.OutboundMessage["to"]): string {
  return phone.replace(/\D/g, "");
}
