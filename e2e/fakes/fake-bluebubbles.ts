// A fake of a BlueBubbles server (docs/gateways.md §5, github BlueBubblesApp/bluebubbles-server @ f2e2286):
// the password as a query parameter on every route (401 otherwise), `POST /api/v1/message/text` that
// answers `{ status, message, data: message }` and refuses a tempGuid already being sent (400), the
// message lookups `GET /api/v1/message/{guid}` and `POST /api/v1/message/query`, `GET /api/v1/server/info`,
// and the webhooks the server posts: `{ type, data }` JSON, unsigned.
import { randomUUID } from "node:crypto";
import { FakeGatewayServer, type FakeReply, postWebhook, type RecordedRequest } from "./fake-gateway-server";

/** A message as `bb api/serializers/MessageSerializer.ts` writes it (the fields the adapter reads, and a few more). */
export type BlueBubblesMessage = {
  guid: string;
  text: string;
  handle: { address: string; service: string } | null;
  isFromMe: boolean;
  error: number;
  dateCreated: number;
  dateDelivered: number | null;
  dateRead: number | null;
  isDelivered: boolean;
  chats: { guid: string }[];
  tempGuid?: string;
};

const UNAUTHORIZED = {
  status: 401,
  message: "You are not authorized to access this resource",
  error: { type: "Authentication Error", message: "Unauthorized" },
};

export class FakeBlueBubbles extends FakeGatewayServer {
  /** Every message the fake holds, oldest first (a send during `hang_after_processing` is here too). */
  readonly messages: BlueBubblesMessage[] = [];
  /** How long a send takes (the real one blocks until Messages has it); a repeat of its tempGuid meanwhile gets 400. */
  sendDelayMs = 0;
  private readonly sending = new Set<string>();

  constructor(readonly password = "fake-bluebubbles-password") {
    super();
    this.route({ method: "POST", pattern: /^\/api\/v1\/message\/text$/, handle: (r) => this.authorized(r) ?? this.sendText(r) })
      .route({ method: "POST", pattern: /^\/api\/v1\/message\/query$/, handle: (r) => this.authorized(r) ?? this.query(r) })
      .route({ method: "GET", pattern: /^\/api\/v1\/message\/(?<guid>[^/]+)$/, handle: (r, p) => this.authorized(r) ?? this.find(p.guid) })
      .route({ method: "GET", pattern: /^\/api\/v1\/server\/info$/, handle: (r) => this.authorized(r) ?? ok({ ...SERVER_INFO }) })
      .route({ method: "GET", pattern: /^\/api\/v1\/ping$/, handle: (r) => this.authorized(r) ?? ok("pong", "Ping received!") });
  }

  override reset(): void {
    super.reset();
    this.messages.length = 0;
    this.sending.clear();
    this.sendDelayMs = 0;
  }

  /** `new-message` from a contact (docs §5.5). */
  emitInbound(url: string, from: { address: string; text: string; service?: "iMessage" | "SMS" }) {
    const service = from.service ?? "iMessage";
    const message = this.store({
      text: from.text,
      handle: { address: from.address, service },
      isFromMe: false,
      chat: `${service};-;${from.address}`,
    });
    return this.emit(url, "new-message", message);
  }

  /** `new-message` for our own API send, with its tempGuid (`bb index.ts` emitMessageMatch). */
  emitSent(url: string, guid: string) {
    return this.emit(url, "new-message", this.get(guid));
  }

  /** `updated-message` after the recipient's phone took it (`dateDelivered`) or read it (`dateRead`). */
  emitUpdated(url: string, guid: string, change: "delivered" | "read") {
    const message = this.get(guid);
    const now = Date.now();
    message.dateDelivered ??= now;
    message.isDelivered = true;
    if (change === "read") message.dateRead = now;
    const { tempGuid: _, chats: __, ...data } = message;
    return this.emit(url, "updated-message", data);
  }

  /** `message-send-error` with the error code (4 = timeout) and the tempGuid (`bb index.ts` emitMessageError). */
  emitSendError(url: string, guid: string, code = 4) {
    const message = this.get(guid);
    message.error = code;
    const { chats: _, ...data } = message;
    return this.emit(url, "message-send-error", data);
  }

  /** Posts `{ type, data }` as the server's webhook service does: JSON, no signature (docs §5.3, §5.6). */
  emit(url: string, type: string, data: unknown) {
    return postWebhook(url, JSON.stringify({ type, data }), { "content-type": "application/json" });
  }

  private authorized(request: RecordedRequest): FakeReply | null {
    const given = request.query.get("guid") ?? request.query.get("password") ?? request.query.get("token");
    return given === this.password ? null : { status: 401, body: UNAUTHORIZED };
  }

  private async sendText(request: RecordedRequest): Promise<FakeReply> {
    const body = JSON.parse(request.body || "{}") as { chatGuid?: string; tempGuid?: string; message?: string; method?: string };
    if (!body.chatGuid || !body.tempGuid || typeof body.message !== "string")
      return badRequest("chatGuid, tempGuid and message are required with apple-script");
    if (this.sending.has(body.tempGuid)) return badRequest(`Message is already queued to be sent! (Temp GUID: ${body.tempGuid})`);
    this.sending.add(body.tempGuid);
    try {
      if (this.sendDelayMs) await new Promise((resolve) => setTimeout(resolve, this.sendDelayMs));
      const [service, address] = body.chatGuid.split(";-;");
      const message = this.store({
        text: body.message,
        handle: { address, service },
        isFromMe: true,
        chat: body.chatGuid,
        tempGuid: body.tempGuid,
      });
      return ok(message, "Message sent!");
    } finally {
      this.sending.delete(body.tempGuid);
    }
  }

  private find(guid: string): FakeReply {
    const message = this.messages.find((m) => m.guid === guid);
    if (!message)
      return {
        status: 404,
        body: {
          status: 404,
          message: "The requested resource was not found",
          error: { type: "Database Error", message: "Message does not exist!" },
        },
      };
    const { tempGuid: _, ...data } = message;
    return ok(data);
  }

  private query(request: RecordedRequest): FakeReply {
    const body = JSON.parse(request.body || "{}") as { chatGuid?: string; after?: number; limit?: number; sort?: "ASC" | "DESC" };
    const inChat = this.messages.filter((m) => !body.chatGuid || m.chats.some((c) => c.guid === body.chatGuid));
    if (body.chatGuid && inChat.length === 0) return ok([], `No chat found with GUID: ${body.chatGuid}`);
    const found = inChat.filter((m) => body.after === undefined || m.dateCreated >= body.after);
    if (body.sort !== "ASC") found.reverse();
    const page = found.slice(0, body.limit ?? 100).map(({ tempGuid: _, ...m }) => m);
    return {
      status: 200,
      body: {
        status: 200,
        message: "Success",
        data: page,
        metadata: { offset: 0, limit: body.limit ?? 100, total: found.length, count: page.length },
      },
    };
  }

  private store(fields: {
    text: string;
    handle: BlueBubblesMessage["handle"];
    isFromMe: boolean;
    chat: string;
    tempGuid?: string;
  }): BlueBubblesMessage {
    const message: BlueBubblesMessage = {
      guid: randomUUID().toUpperCase(),
      text: fields.text,
      handle: fields.handle,
      isFromMe: fields.isFromMe,
      error: 0,
      dateCreated: Date.now(),
      dateDelivered: null,
      dateRead: null,
      isDelivered: false,
      chats: [{ guid: fields.chat }],
      ...(fields.tempGuid && { tempGuid: fields.tempGuid }),
    };
    this.messages.push(message);
    return message;
  }

  private get(guid: string): BlueBubblesMessage {
    const message = this.messages.find((m) => m.guid === guid);
    if (!message) throw new Error(`No message ${guid}`);
    return message;
  }
}

// `bb api/interfaces/generalInterface.ts` getServerMetadata (docs §5.7).
const SERVER_INFO = {
  computer_id: "FAKE-MAC",
  os_version: "14.5",
  server_version: "1.9.9",
  private_api: false,
  proxy_service: "Cloudflare",
  helper_connected: false,
  detected_icloud: "fake@icloud.com",
  detected_imessage: "fake@icloud.com",
  macos_time_sync: null,
  local_ipv4s: ["127.0.0.1"],
  local_ipv6s: [],
};

function ok(data: unknown, message = "Success"): FakeReply {
  return { status: 200, body: { status: 200, message, data } };
}

function badRequest(error: string): FakeReply {
  return {
    status: 400,
    body: {
      status: 400,
      message: "You've made a bad request! Please check your request params & body",
      error: { type: "Validation Error", message: error },
    },
  };
}
