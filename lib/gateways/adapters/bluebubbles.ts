// `bluebubbles`: a BlueBubbles server on a Mac signed in to iMessage (SPEC §6; docs/gateways.md §5, read
// from github BlueBubblesApp/bluebubbles-server @ f2e2286, paths under packages/server/src/server/).
// The server password travels only as the `password` query parameter (`bb …/v1/middleware/authMiddleware.ts`:
// no header form), so a request URL here is a secret: never log one. Our message id rides as
// `tempGuid`, which the server echoes in its `new-message` and `message-send-error` webhooks.
import { z } from "zod";
import { parseJson, sendOutcome } from "@/lib/gateways/adapters/outcomes";
import { invalid, jsonRequest, statusUpdate } from "@/lib/gateways/adapters/shared";
import type {
  GatewayAdapter,
  GatewayConnection,
  GatewayUpdate,
  HttpRequest,
  LookupOutcome,
  OutboundMessage,
  WebhookParse,
} from "@/lib/gateways/types";

/**
 * `POST /message/text` blocks until the message shows up in the Messages database, up to 2 minutes
 * (docs §5.1: `bb api/interfaces/messageInterface.ts` sendMessageSync, `messagePromise.ts`). A client that
 * gives up sooner turns every slow send into an `unknown` and a lookup: wait 2 min + 10 s instead.
 */
const BLUEBUBBLES_SEND_TIMEOUT_MS = 130_000;

/** How far back a lookup without a guid searches the chat for our text (OutboundMessage carries no send time). */
const LOOKUP_WINDOW_MS = 60 * 60 * 1000;

// The message as `bb api/serializers/MessageSerializer.ts` writes it (docs §5.3, §5.5): dates are ms epoch or null.
const messageSchema = z.object({
  guid: z.string().min(1),
  text: z.string().nullish(),
  isFromMe: z.boolean(),
  error: z.number().int().nullish(),
  handle: z.object({ address: z.string().min(1) }).nullish(),
  dateCreated: z.number().nullish(),
  dateDelivered: z.number().nullish(),
  dateRead: z.number().nullish(),
  tempGuid: z.string().nullish(),
});
type BlueBubblesMessage = z.infer<typeof messageSchema>;

// Webhook body `{ type, data }` (docs §5.3, `bb services/webhookService/index.ts`); event names from `bb events.ts`.
const eventSchema = z.object({ type: z.string().min(1), data: z.unknown() });
const MESSAGE_EVENTS = ["new-message", "updated-message", "message-send-error"];

// Every answer is `{ status, message, data?, error?: { type, message } }` (`bb …/v1/responses/success.ts`, `errors.ts`).
const answerSchema = z.object({
  message: z.string().optional(),
  data: z.unknown().optional(),
  error: z.object({ type: z.string().optional(), message: z.string().optional() }).optional(),
});

export const bluebubblesAdapter: GatewayAdapter = {
  kind: "bluebubbles",

  async send(connection, message, { http, timeoutMs }) {
    // Body per docs §5.1 (`bb …/v1/validators/messageValidator.ts` sendTextRules): with `apple-script`,
    // `tempGuid` and `message` are required. A 1:1 chat that does not exist yet is reached through the
    // server's fallback script (`bb api/apple/scripts.ts` sendMessageFallback), so no `/chat/new` first.
    const body = { chatGuid: chatGuid(message), tempGuid: message.messageId, message: message.body, method: "apple-script" };
    const result = await http(request(connection, "POST", "message/text", body, Math.max(timeoutMs, BLUEBUBBLES_SEND_TIMEOUT_MS)));
    if (result.kind === "response") {
      const answer = readAnswer(result.body);
      const said = answer?.error?.message ?? answer?.message ?? "";
      // 500 `iMessage Error`: the message was created and errored (`data.error` ≠ 0) or never showed up
      // within the 2 minutes (`bb …/routers/messageRouter.ts` sendText) — final, docs §7.1/§7.3.
      if (result.status === 500 && answer?.error?.type === "iMessage Error") {
        const failed = messageSchema.safeParse(answer.data);
        const code = failed.success && failed.data.error ? ` (error code ${failed.data.error})` : "";
        return { kind: "rejected", detail: `iMessage could not send it: ${said}${code}` };
      }
      // 400 `Message is already queued to be sent! (Temp GUID: …)`: an earlier attempt with this tempGuid
      // is still being sent (`messageValidator.ts` validateText, docs §7.3) — it may go out: ask, never resend.
      if (result.status === 400 && /already queued/i.test(said))
        return { kind: "unknown", detail: `BlueBubbles is still sending an earlier attempt: ${said}` };
    }
    // Other 5xx (500 `Server Error`, 504 `Gateway Timeout`) can come after the AppleScript ran: unknown,
    // look up first (docs §7.3). BlueBubbles has no 429 (docs §5.1); other 4xx (400, 401) are final.
    return sendOutcome(
      result,
      (text) => {
        const sent = messageSchema.safeParse(readAnswer(text)?.data);
        return sent.success ? sent.data.guid : null;
      },
      { serverErrors: "unknown" },
    );
  },

  async lookup(connection, message, providerMessageId, { http, timeoutMs }) {
    if (providerMessageId) {
      // `GET /message/{guid}` → the message, or 404 `Message does not exist!` (docs §5.2, `messageRouter.ts` find).
      const result = await http(request(connection, "GET", `message/${encodeURIComponent(providerMessageId)}`, undefined, timeoutMs));
      if (result.kind !== "response") return { kind: "unknown", detail: result.reason };
      if (result.status === 404) return { kind: "not_found", detail: `BlueBubbles has no message ${providerMessageId}` };
      const found = messageSchema.safeParse(readAnswer(result.body)?.data);
      if (result.status !== 200 || !found.success) return { kind: "unknown", detail: `BlueBubbles answered HTTP ${result.status}` };
      return lookupOutcome(found.data);
    }
    // No guid: the tempGuid is not stored in the Messages database, so search the chat for our own text
    // (docs §5.2: `POST /message/query`, `messageValidator.ts` queryBodyRules). A send still in progress is
    // not there yet, but a resend with the same tempGuid then meets the 400 "already queued" (→ unknown).
    const query = { chatGuid: chatGuid(message), after: Date.now() - LOOKUP_WINDOW_MS, limit: 100, sort: "DESC" };
    const result = await http(request(connection, "POST", "message/query", query, timeoutMs));
    if (result.kind !== "response") return { kind: "unknown", detail: result.reason };
    const list = z.array(z.unknown()).safeParse(readAnswer(result.body)?.data);
    if (result.status !== 200 || !list.success) return { kind: "unknown", detail: `BlueBubbles answered HTTP ${result.status}` };
    const mine = list.data
      .map((item) => messageSchema.safeParse(item))
      .find((m) => m.success && m.data.isFromMe && m.data.text === message.body);
    return mine?.success
      ? lookupOutcome(mine.data)
      : { kind: "not_found", detail: "No message with this text from us in the chat in the last hour" };
  },

  async testConnection(connection, { http, timeoutMs }) {
    // `GET /server/info` (docs §5.7, `bb api/interfaces/generalInterface.ts` getServerMetadata); 401 = wrong password.
    // No instance state: BlueBubbles reports no live iMessage sign-in state (docs §5.4).
    const result = await http(request(connection, "GET", "server/info", undefined, timeoutMs));
    if (result.kind !== "response") return { ok: false, httpStatus: null, detail: result.reason };
    const answer = readAnswer(result.body);
    if (result.status === 401) return { ok: false, httpStatus: 401, detail: "The BlueBubbles server refused the password" };
    const info = z
      .object({ server_version: z.string().nullish(), os_version: z.string().nullish(), detected_imessage: z.string().nullish() })
      .safeParse(answer?.data);
    if (result.status !== 200 || !info.success) {
      const said = answer?.error?.message ?? answer?.message;
      return {
        ok: false,
        httpStatus: result.status,
        detail: `The BlueBubbles server answered HTTP ${result.status}${said ? `: ${said}` : ""}`,
      };
    }
    const { server_version, os_version, detected_imessage } = info.data;
    return {
      ok: true,
      httpStatus: 200,
      detail: `BlueBubbles server ${server_version ?? "(version unknown)"} on macOS ${os_version ?? "(unknown)"}; iMessage account: ${detected_imessage || "none detected"}`,
    };
  },

  parseWebhook(_connection, request): WebhookParse {
    // No signature of any kind (docs §5.6): the inbound token in the URL is the only proof.
    if (!request.tokenOk) return { ok: false, status: 401, message: "Unknown inbound token (BlueBubbles signs nothing)" };
    const event = eventSchema.safeParse(parseJson(request.rawBody));
    if (!event.success) return { ok: false, status: 400, message: "Expected a BlueBubbles webhook { type, data }" };
    // Other events (typing, chat read, server updates…) come too when the webhook is set to "*": nothing to do.
    if (!MESSAGE_EVENTS.includes(event.data.type)) return { ok: true, updates: [] };
    const parsed = messageSchema.safeParse(event.data.data);
    if (!parsed.success) return invalid(parsed.error, "data");
    return { ok: true, updates: updatesOf(event.data.type, parsed.data) };
  },
};

function updatesOf(type: string, m: BlueBubblesMessage): GatewayUpdate[] {
  const at = (ms: number | null | undefined) => (ms ? new Date(ms) : null);
  const status = (status: "sent" | "delivered" | "read" | "failed", detail: string | null, when: Date | null) =>
    statusUpdate(m.guid, status, detail, when, m.tempGuid ?? null);
  const failure = `iMessage error code ${m.error}${m.error === 4 ? " (timeout)" : ""}`;
  if (type === "message-send-error")
    // `data` = the message + our `tempGuid`, `error` ≠ 0; code 4 = timeout (`bb index.ts` emitMessageError).
    return [status("failed", failure, at(m.dateCreated))];
  if (type === "new-message") {
    // Someone wrote to us: sender `handle.address` (docs §5.5, `bb index.ts` handleNewMessage).
    if (!m.isFromMe)
      return m.handle
        ? [{ type: "inbound", from: m.handle.address, body: m.text ?? "", providerMessageId: m.guid, at: at(m.dateCreated) }]
        : [];
    // Our own API send, matched in the Messages database: carries our tempGuid (`bb index.ts` emitMessageMatch).
    // A from-me message without tempGuid was typed on the Mac or phone: not ours to track (docs §5.5).
    if (!m.tempGuid) return [];
    return [m.error ? status("failed", failure, at(m.dateCreated)) : status("sent", null, at(m.dateCreated))];
  }
  // `updated-message`: delivered/read dates or an error on a message (docs §5.3, §7.1). Only our own
  // messages: a read date on a message we received says we read it, not them.
  if (!m.isFromMe) return [];
  if (m.error) return [status("failed", failure, null)];
  if (m.dateRead) return [status("read", null, at(m.dateRead))];
  if (m.dateDelivered) return [status("delivered", null, at(m.dateDelivered))];
  return [];
}

function lookupOutcome(m: BlueBubblesMessage): LookupOutcome {
  return m.error
    ? { kind: "failed", detail: `iMessage error code ${m.error}` }
    : { kind: "sent", providerMessageId: m.guid, detail: `BlueBubbles has message ${m.guid}` };
}

/** `<service>;-;<address>` for a 1:1 chat, service `iMessage` or `SMS` (docs §5.1, `bb api/apple/scripts.ts` sendMessage). */
function chatGuid(message: OutboundMessage): string {
  return `${message.channel === "sms" ? "SMS" : "iMessage"};-;${message.to}`;
}

function request(connection: GatewayConnection, method: "GET" | "POST", path: string, body: unknown, timeoutMs: number): HttpRequest {
  const url = `${connection.url}/api/v1/${path}?password=${encodeURIComponent(connection.credentials.password ?? "")}`;
  return jsonRequest(method, url, {}, timeoutMs, body);
}

function readAnswer(text: string): z.infer<typeof answerSchema> | null {
  const parsed = answerSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}
