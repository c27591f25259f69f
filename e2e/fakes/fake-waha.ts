// A fake WAHA server (lib/gateways/adapters/waha.ts), answering as the vendor does
// (docs/gateways.md §4, devlikeapro/waha): sendText (201 with the engine's raw object, NOWEB or
// WEBJS shape; 401 wrong X-Api-Key; 404 unknown session; 422 when the session is not WORKING), the
// chat's messages by id and as a filtered list over an in-memory store (so a message taken during
// a `hang_after_processing` is found), the session read, and the webhooks it posts in WAHA's
// envelope. Used by the adapter tests, the API tests and `npm run simulate`.
import { randomBytes } from "node:crypto";
import { FakeGatewayServer, postWebhook, type RecordedRequest } from "./fake-gateway-server";

export type WahaSessionStatus = "STOPPED" | "STARTING" | "SCAN_QR_CODE" | "WORKING" | "FAILED";
/** `WAMessageAck` (`structures/enums.dto.ts`): −1 ERROR, 0 PENDING, 1 SERVER, 2 DEVICE, 3 READ, 4 PLAYED. */
export type WahaAck = -1 | 0 | 1 | 2 | 3 | 4;

const ACK_NAMES: Record<WahaAck, string> = { [-1]: "ERROR", 0: "PENDING", 1: "SERVER", 2: "DEVICE", 3: "READ", 4: "PLAYED" };

type StoredMessage = {
  id: string;
  timestamp: number;
  from: string;
  fromMe: boolean;
  to: string;
  body: string;
  hasMedia: false;
  ack: WahaAck;
  ackName: string;
};

export class FakeWaha extends FakeGatewayServer {
  readonly apiKey: string;
  readonly session: string;
  /** The session's own number (E.164): the webhooks' `me`. */
  readonly phone: string;
  /** Which engine's raw object sendText answers with (§4.1). */
  engine: "NOWEB" | "WEBJS" = "NOWEB";
  /** The session's status; sendText answers 422 unless WORKING. */
  status: WahaSessionStatus = "WORKING";
  /** Messages it sent, newest last. */
  readonly messages: StoredMessage[] = [];
  /** The lids it has seen, and the chat id each stands for (null: not learned yet). */
  readonly lids = new Map<string, string | null>();

  constructor(options: { apiKey?: string; session?: string; phone?: string } = {}) {
    super();
    this.apiKey = options.apiKey ?? "waha-api-key";
    this.session = options.session ?? "default";
    this.phone = options.phone ?? "+15550000001";
    this.route({ method: "POST", pattern: /^\/api\/sendText$/, handle: (r) => this.authorized(r, () => this.sendText(r)) });
    this.route({
      method: "GET",
      pattern: /^\/api\/(?<session>[^/]+)\/chats\/(?<chatId>[^/]+)\/messages\/(?<messageId>[^/]+)$/,
      handle: (r, p) => this.authorized(r, () => this.working(p.session, () => this.chatMessage(p))),
    });
    this.route({
      method: "GET",
      pattern: /^\/api\/(?<session>[^/]+)\/chats\/(?<chatId>[^/]+)\/messages$/,
      handle: (r, p) => this.authorized(r, () => this.working(p.session, () => this.chatMessages(r, p))),
    });
    this.route({
      method: "GET",
      pattern: /^\/api\/(?<session>[^/]+)\/lids\/(?<lid>[^/]+)$/,
      handle: (r, p) => this.authorized(r, () => this.working(p.session, () => this.findPNByLid(decodeURIComponent(p.lid)))),
    });
    this.route({
      method: "GET",
      pattern: /^\/api\/sessions\/(?<session>[^/]+)$/,
      handle: (r, p) =>
        this.authorized(r, () =>
          decodeURIComponent(p.session) === this.session
            ? { status: 200, body: { name: this.session, status: this.status, config: { metadata: {} }, me: this.me() } }
            : notFound("Session not found"),
        ),
    });
  }

  override reset(): void {
    super.reset();
    this.messages.length = 0;
    this.lids.clear();
    this.status = "WORKING";
    this.engine = "NOWEB";
  }

  /** `session.status` (§4.4); also becomes the session's status. */
  emitSessionStatus(url: string, status: WahaSessionStatus) {
    this.status = status;
    return this.emit(url, "session.status", { name: this.session, status });
  }

  /** `message.ack` for one of its messages (§4.3 WAMessageAckBody); also recorded on the message. */
  emitAck(url: string, id: string, ack: WahaAck) {
    const stored = this.messages.find((m) => m.id === id);
    if (stored) Object.assign(stored, { ack, ackName: ACK_NAMES[ack] });
    return this.emit(url, "message.ack", {
      id,
      from: stored?.to ?? "15550009999@c.us",
      to: stored?.from ?? chatIdOf(this.phone),
      participant: null,
      fromMe: true,
      ack,
      ackName: ACK_NAMES[ack],
    });
  }

  /**
   * `message` from a contact (E.164). `lid` sends it from a `…@lid` sender as newer WhatsApp does
   * (§4.5), which `GET /api/{session}/lids/{lid}` then maps to the contact's chat id — or, with
   * `lid: "unknown"`, to `pn: null`, as WAHA answers before it has learned the number.
   */
  emitInbound(url: string, from: string, text: string, options: { lid?: boolean | "unknown"; fromMe?: boolean; group?: boolean } = {}) {
    const sender = options.group ? "120363025246125486@g.us" : options.lid ? lidOf(from) : chatIdOf(from);
    if (options.lid) this.lids.set(sender, options.lid === "unknown" ? null : chatIdOf(from));
    return this.emit(url, "message", {
      id: `${options.fromMe ? "true" : "false"}_${sender}_${newId()}`,
      timestamp: Math.floor(Date.now() / 1000),
      from: sender,
      fromMe: options.fromMe ?? false,
      to: chatIdOf(this.phone),
      body: text,
      hasMedia: false,
      ack: 1,
      ackName: "SERVER",
      _data: {},
    });
  }

  /** Posts any event in WAHA's envelope (`webhooks.core.ts` callWebhook, §4.3) to `url`. */
  emit(url: string, event: string, payload: unknown) {
    const body = JSON.stringify({
      event,
      session: this.session,
      metadata: {},
      me: this.me(),
      payload,
      engine: this.engine,
      environment: { version: "2024.10.8", engine: this.engine, tier: "CORE", browser: null },
    });
    return postWebhook(url, body, { "content-type": "application/json" });
  }

  /** `lids.controller.ts` findPNByLid: a bare lid gets `@lid`; anything else is 422; `pn` null when unknown. */
  private findPNByLid(lid: string) {
    const full = lid.includes("@") ? lid : `${lid}@lid`;
    if (!full.endsWith("@lid")) return { status: 422, body: { statusCode: 422, message: "Invalid LID - it must end with @lid" } };
    return { status: 200, body: { lid: full, pn: this.lids.get(full) ?? null } };
  }

  private me() {
    return { id: chatIdOf(this.phone), pushName: "Number Router" };
  }

  // The API key is checked before any route (`api-key-auth.middleware.ts`, §4.1): Nest's 401 body.
  private authorized(request: RecordedRequest, next: () => { status: number; body?: unknown }) {
    if (request.headers["x-api-key"] !== this.apiKey) return { status: 401, body: { message: "Unauthorized", statusCode: 401 } };
    return next();
  }

  // Unknown session → 404; not WORKING → 422 after waiting (`manager.abc.ts` waitUntilStatus, §4.1).
  private working(session: string, next: () => { status: number; body?: unknown }) {
    if (decodeURIComponent(session) !== this.session) return notFound("Session not found");
    if (this.status !== "WORKING")
      return {
        status: 422,
        body: {
          error: "Session status is not as expected. Try again later or restart the session",
          session: this.session,
          status: this.status,
          expected: ["WORKING"],
        },
      };
    return next();
  }

  private sendText(request: RecordedRequest) {
    const body = parse(request.body) as { session?: unknown; chatId?: unknown; text?: unknown } | null;
    if (typeof body?.session !== "string" || typeof body.chatId !== "string" || typeof body.text !== "string")
      return {
        status: 400,
        body: {
          message: ["session must be a string", "chatId must be a string", "text must be a string"],
          error: "Bad Request",
          statusCode: 400,
        },
      };
    const { text } = body;
    const chatId = body.chatId.includes("@") ? body.chatId : `${body.chatId}@c.us`;
    return this.working(body.session, () => {
      const keyId = newId();
      const stored: StoredMessage = {
        id: `true_${chatId}_${keyId}`,
        timestamp: Math.floor(Date.now() / 1000),
        from: chatIdOf(this.phone),
        fromMe: true,
        to: chatId,
        body: text,
        hasMedia: false,
        ack: 0,
        ackName: "PENDING",
      };
      this.messages.push(stored);
      const remoteJid = chatId.replace(/@c\.us$/, "@s.whatsapp.net");
      // NOWEB: Baileys' message (`session.noweb.core.ts` L600–608); WEBJS: whatsapp-web.js's (L420).
      const answer =
        this.engine === "NOWEB"
          ? {
              key: { remoteJid, fromMe: true, id: keyId },
              message: { extendedTextMessage: { text } },
              messageTimestamp: String(stored.timestamp),
              status: "PENDING",
            }
          : {
              id: { fromMe: true, remote: chatId, id: keyId, _serialized: stored.id },
              body: text,
              type: "chat",
              timestamp: stored.timestamp,
              from: stored.from,
              to: chatId,
              ack: 0,
            };
      return { status: 201, body: answer };
    });
  }

  private chatMessage(params: Record<string, string>) {
    const id = decodeURIComponent(params.messageId);
    const found = this.messages.find((m) => m.id === id && m.to === decodeURIComponent(params.chatId));
    return found ? { status: 200, body: found } : notFound("Message not found");
  }

  // `GetChatMessagesFilter` (§4.2): limit, filter.fromMe, filter.timestamp.gte; newest first.
  private chatMessages(request: RecordedRequest, params: Record<string, string>) {
    const chatId = decodeURIComponent(params.chatId);
    const fromMe = request.query.get("filter.fromMe");
    const gte = request.query.get("filter.timestamp.gte");
    const limit = Number(request.query.get("limit") ?? 10);
    const found = this.messages
      .filter((m) => m.to === chatId && (fromMe === null || String(m.fromMe) === fromMe) && (gte === null || m.timestamp >= Number(gte)))
      .reverse()
      .slice(0, limit);
    return { status: 200, body: found };
  }
}

function notFound(message: string) {
  return { status: 404, body: { message, error: "Not Found", statusCode: 404 } };
}

function chatIdOf(phone: string): string {
  return `${phone.replace(/\D/g, "")}@c.us`;
}

function newId(): string {
  return `3EB0${randomBytes(8).toString("hex").toUpperCase()}`;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A lid for a number: WhatsApp's are opaque 15-digit ids, unrelated to the number; this one is stable per number. */
function lidOf(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return `2140${digits.padStart(11, "0").slice(-11)}@lid`;
}
