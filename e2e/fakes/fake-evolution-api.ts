// A fake Evolution API v2 server (lib/gateways/adapters/evolution.ts), answering as the vendor does
// (docs/gateways.md §3, EvolutionAPI/evolution-api @ 3454bec): sendText (201 with the stored
// message; 404 unknown instance before 401 wrong key; 400 `exists: false` for a number not on
// WhatsApp; 400 "Connection Closed" when the instance is not open), findMessages over an in-memory
// store (so a message taken during a `hang_after_processing` is found), connectionState, and the
// webhooks it posts in Evolution's envelope. Used by the adapter tests, the API tests and
// `npm run simulate`.
import { randomBytes } from "node:crypto";
import { FakeGatewayServer, postWebhook, type RecordedRequest } from "./fake-gateway-server";

export type EvolutionMessageStatus = "ERROR" | "PENDING" | "SERVER_ACK" | "DELIVERY_ACK" | "READ" | "PLAYED";
export type EvolutionState = "open" | "connecting" | "close" | "refused";

type StoredMessage = {
  key: { remoteJid: string; fromMe: boolean; id: string };
  pushName: string;
  status: EvolutionMessageStatus;
  message: { conversation: string };
  messageType: "conversation";
  messageTimestamp: number;
  instanceId: string;
  source: "unknown";
  MessageUpdate: { status: EvolutionMessageStatus }[];
};

export class FakeEvolutionApi extends FakeGatewayServer {
  readonly apiKey: string;
  readonly instance: string;
  /** The instance's own number (E.164): the webhooks' `sender`. */
  readonly phone: string;
  /** What connectionState reports; sendText answers 400 "Connection Closed" unless `open`. */
  state: EvolutionState = "open";
  /** Webhook set with `byEvents: true`: the event name is appended to the URL path (§3.3). */
  byEvents = false;
  /** Messages it sent, newest last (what findMessages searches). */
  readonly messages: StoredMessage[] = [];
  private readonly unregistered = new Set<string>();
  private readonly instanceId = `evo-${randomBytes(4).toString("hex")}`;

  constructor(options: { apiKey?: string; instance?: string; phone?: string } = {}) {
    super();
    this.apiKey = options.apiKey ?? "evolution-api-key";
    this.instance = options.instance ?? "number-router";
    this.phone = options.phone ?? "+15550000001";
    this.route({
      method: "POST",
      pattern: /^\/message\/sendText\/(?<instance>[^/]+)$/,
      handle: (r, p) => this.guarded(r, p, () => this.sendText(r)),
    });
    this.route({
      method: "POST",
      pattern: /^\/chat\/findMessages\/(?<instance>[^/]+)$/,
      handle: (r, p) => this.guarded(r, p, () => this.findMessages(r)),
    });
    this.route({
      method: "GET",
      pattern: /^\/instance\/connectionState\/(?<instance>[^/]+)$/,
      handle: (r, p) => this.guarded(r, p, () => ({ status: 200, body: { instance: { instanceName: this.instance, state: this.state } } })),
    });
  }

  override reset(): void {
    super.reset();
    this.messages.length = 0;
    this.unregistered.clear();
    this.state = "open";
    this.byEvents = false;
  }

  /** WhatsApp answers that this number (E.164) has no account: sendText answers 400 `exists: false`. */
  markUnregistered(phone: string): this {
    this.unregistered.add(jidOf(phone));
    return this;
  }

  /** MESSAGES_UPDATE for one of its messages (also recorded for findMessages, as Evolution saves it). */
  emitMessageUpdate(url: string, keyId: string, status: EvolutionMessageStatus) {
    const stored = this.messages.find((m) => m.key.id === keyId);
    stored?.MessageUpdate.push({ status });
    // `data` per `baileys.service` L1471–1480 (+ `messageId`, its database id, when saving is on).
    return this.emit(url, "messages.update", {
      keyId,
      remoteJid: stored?.key.remoteJid ?? "15550009999@s.whatsapp.net",
      fromMe: true,
      participant: undefined,
      status,
      instanceId: this.instanceId,
      messageId: `cm${keyId.toLowerCase()}`,
    });
  }

  /** CONNECTION_UPDATE (`connectionUpdate` L392–495); also becomes the connectionState answer. */
  emitConnectionUpdate(url: string, state: EvolutionState, statusReason = 200) {
    this.state = state;
    const extra = state === "open" ? { wuid: jidOf(this.phone), profileName: "Number Router", profilePictureUrl: null } : {};
    return this.emit(url, "connection.update", { instance: this.instance, ...extra, state, statusReason });
  }

  /** QRCODE_UPDATED with a fresh code (L358–372). */
  emitQrCode(url: string) {
    const code = `2@${randomBytes(24).toString("base64")}`;
    return this.emit(url, "qrcode.updated", {
      qrcode: { instance: this.instance, pairingCode: null, code, base64: "data:image/png;base64,iVBORw0KGgo=" },
    });
  }

  /** MESSAGES_UPSERT of a message a contact (E.164) wrote; `lid` addresses it as Baileys does for LID chats. */
  emitInbound(url: string, from: string, text: string, options: { lid?: boolean; fromMe?: boolean; group?: boolean } = {}) {
    const phoneJid = jidOf(from);
    const remoteJid = options.group ? "120363025246125486@g.us" : options.lid ? "214013498884239@lid" : phoneJid;
    return this.emit(url, "messages.upsert", {
      key: {
        remoteJid,
        fromMe: options.fromMe ?? false,
        id: newKeyId("3EB0"),
        ...(options.lid && { addressingMode: "lid", remoteJidAlt: phoneJid }),
      },
      pushName: "Contact",
      status: "DELIVERY_ACK",
      message: { conversation: text },
      messageType: "conversation",
      messageTimestamp: Math.floor(Date.now() / 1000),
      instanceId: this.instanceId,
      source: "android",
    });
  }

  /** Posts any event in Evolution's envelope (`webhook.controller.ts` emit) to `url`. */
  emit(url: string, event: string, data: unknown) {
    const kebab = event.replace(/[._]/g, "-").toLowerCase();
    const target = this.byEvents ? `${url}/${kebab}` : url;
    // `date_time` is local time written with a "Z", as `channel.service.ts` sendDataWebhook does.
    const localTime = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString();
    const body = JSON.stringify({
      event,
      instance: this.instance,
      data,
      destination: url,
      date_time: localTime,
      sender: jidOf(this.phone),
      server_url: this.url,
      apikey: this.apiKey,
    });
    return postWebhook(target, body, { "content-type": "application/json" });
  }

  // The instance guard runs before the auth guard (`api/routes/index.router.ts` guards, §3.1).
  private guarded(request: RecordedRequest, params: Record<string, string>, next: () => { status: number; body: unknown }) {
    if (decodeURIComponent(params.instance) !== this.instance)
      return evolutionError(404, "Not Found", [`The "${decodeURIComponent(params.instance)}" instance does not exist`]);
    if (request.headers.apikey !== this.apiKey) return evolutionError(401, "Unauthorized", "Unauthorized");
    return next();
  }

  private sendText(request: RecordedRequest) {
    const body = parse(request.body) as { number?: unknown; text?: unknown } | null;
    if (typeof body?.number !== "string" || typeof body.text !== "string")
      return evolutionError(400, "Bad Request", ['instance requires property "number"', 'instance requires property "text"']);
    const jid = jidOf(body.number);
    if (this.unregistered.has(jid)) return evolutionError(400, "Bad Request", [{ jid, exists: false, number: body.number }]);
    if (this.state !== "open") return evolutionError(400, "Bad Request", ["Error: Connection Closed"]);
    const stored: StoredMessage = {
      key: { remoteJid: jid, fromMe: true, id: newKeyId("BAE5") },
      pushName: "Você",
      status: "PENDING",
      message: { conversation: body.text },
      messageType: "conversation",
      messageTimestamp: Math.floor(Date.now() / 1000),
      instanceId: this.instanceId,
      source: "unknown",
      MessageUpdate: [],
    };
    this.messages.push(stored);
    const { MessageUpdate: _, ...answer } = stored;
    return { status: 201, body: answer };
  }

  // `baileys.service` fetchMessages: key filters, a timestamp window only with both ends, newest first.
  private findMessages(request: RecordedRequest) {
    const query = (parse(request.body) ?? {}) as {
      where?: { key?: { id?: string; fromMe?: boolean; remoteJid?: string }; messageTimestamp?: { gte?: string; lte?: string } };
      offset?: number;
      page?: number;
    };
    const key = query.where?.key ?? {};
    const window = query.where?.messageTimestamp;
    const gte = window?.gte && window.lte ? Math.floor(new Date(window.gte).getTime() / 1000) : null;
    const lte = window?.gte && window.lte ? Math.floor(new Date(window.lte).getTime() / 1000) : null;
    const found = this.messages
      .filter(
        (m) =>
          (!key.id || m.key.id === key.id) &&
          (!key.fromMe || m.key.fromMe === key.fromMe) &&
          (!key.remoteJid || m.key.remoteJid === key.remoteJid) &&
          (gte === null || m.messageTimestamp >= gte) &&
          (lte === null || m.messageTimestamp <= lte),
      )
      .reverse();
    const offset = query.offset ?? 50;
    const page = query.page ?? 1;
    const records = found.slice(offset * (page - 1), offset * page);
    return {
      status: 200,
      body: { messages: { total: found.length, pages: Math.ceil(found.length / offset), currentPage: page, records } },
    };
  }
}

/** Evolution's error body (`main.ts` error handler): `{ status, error, response: { message } }`. */
function evolutionError(status: number, error: string, message: unknown) {
  return { status, body: { status, error, response: { message } } };
}

/** `utils/createJid.ts` for a plain number: digits, Brazil's 9th digit dropped where Evolution drops it. */
function jidOf(phone: string): string {
  let digits = phone.replace(/\D/g, "");
  const br = /^(55)(\d{2})\d(\d{8})$/.exec(digits);
  if (br && !(Number(br[3][0]) < 7 || Number(br[2]) < 31)) digits = br[1] + br[2] + br[3];
  return `${digits}@s.whatsapp.net`;
}

function newKeyId(prefix: string): string {
  return `${prefix}${randomBytes(6).toString("hex").toUpperCase()}`;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
