// A fake of Twilio Programmable Messaging, REST API 2010-04-01 (docs/gateways.md §6): create, fetch and
// list Messages, fetch the Account, with HTTP Basic AccountSid:AuthToken; Twilio's error bodies
// `{ code, message, more_info, status }` (401 20003, 400 21211 invalid To, 404 20404, 429 20429); and
// the webhooks Twilio posts — status callbacks to a message's StatusCallback and inbound SMS — form
// encoded and signed with X-Twilio-Signature over the exact URL posted to (docs §6.5).
import { randomBytes } from "node:crypto";
import { twilioSignature } from "@/lib/gateways/adapters/twilio";
import { FakeGatewayServer, type FakeReply, postWebhook, type RecordedRequest } from "./fake-gateway-server";

export type TwilioMessage = {
  sid: string;
  account_sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  direction: "outbound-api";
  date_created: string;
  date_sent: string | null;
  error_code: number | null;
  error_message: string | null;
  api_version: "2010-04-01";
  uri: string;
  /** Not part of Twilio's JSON: where this fake posts the message's status callbacks. */
  statusCallback: string | null;
};

/** How the signature of an emitted webhook is made: right (default), absent, or this exact value. */
export type SignatureMode = "valid" | "none" | { value: string };

const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/(?<account>AC\w+)/;

export class FakeTwilio extends FakeGatewayServer {
  /** Every message created, oldest first (a create during `hang_after_processing` is here too). */
  readonly messages: TwilioMessage[] = [];
  /** What GET Accounts/{Sid}.json reports (twilio.com/docs/iam/api/account). */
  accountStatus: "active" | "suspended" | "closed" = "active";

  constructor(
    readonly accountSid = `AC${hex32()}`,
    readonly authToken = hex32(),
  ) {
    super();
    this.route({ method: "POST", pattern: pathOf("/Messages.json"), handle: (r) => this.authorized(r) ?? this.create(r) })
      .route({ method: "GET", pattern: pathOf("/Messages/(?<sid>SM\\w+).json"), handle: (r, p) => this.authorized(r) ?? this.fetch(p.sid) })
      .route({ method: "GET", pattern: pathOf("/Messages.json"), handle: (r) => this.authorized(r) ?? this.list(r) })
      .route({
        method: "GET",
        pattern: pathOf(".json"),
        handle: (r) =>
          this.authorized(r) ?? {
            status: 200,
            body: { sid: this.accountSid, friendly_name: "Fake account", status: this.accountStatus, type: "Full" },
          },
      });
  }

  override reset(): void {
    super.reset();
    this.messages.length = 0;
    this.accountStatus = "active";
  }

  /** The next create answers 429 20429 (twilio.com/docs/errors/20429), with Retry-After when given. */
  throttleNext(retryAfterSeconds?: number): this {
    return this.misbehave({
      kind: "status",
      status: 429,
      body: error(429, 20429, "Too Many Requests"),
      headers: retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) },
    });
  }

  /** Posts a status callback for a stored message to its StatusCallback (or `url`), updating its status. */
  emitStatus(sid: string, status: string, options: { errorCode?: number; url?: string; signature?: SignatureMode } = {}) {
    const message = this.messages.find((m) => m.sid === sid);
    if (!message) throw new Error(`No message ${sid}`);
    message.status = status;
    if (options.errorCode !== undefined) message.error_code = options.errorCode;
    const url = options.url ?? message.statusCallback;
    if (!url) throw new Error(`Message ${sid} has no StatusCallback`);
    // Params of a status callback (docs §6.3, `tw-cb`).
    const params = this.params(sid, message, [
      ["MessageStatus", status],
      ["SmsStatus", status],
    ]);
    if (options.errorCode !== undefined) params.push(["ErrorCode", String(options.errorCode)]);
    return this.post(url, params, options.signature);
  }

  /** Posts an inbound SMS (docs §6.4: the number's incoming-message webhook) from `from` to our number `to`. */
  emitInbound(url: string, sms: { from: string; to: string; body: string }, signature?: SignatureMode) {
    const sid = `SM${hex32()}`;
    const params = this.params(sid, sms, [
      ["SmsMessageSid", sid],
      ["Body", sms.body],
      ["NumMedia", "0"],
      ["NumSegments", "1"],
      ["SmsStatus", "received"],
    ]);
    return this.post(url, params, signature);
  }

  /** The fields every message webhook carries (docs §6.3/§6.4), then the event's own. */
  private params(sid: string, m: { from: string; to: string }, own: [string, string][]): [string, string][] {
    return [
      ["MessageSid", sid],
      ["SmsSid", sid],
      ["AccountSid", this.accountSid],
      ["From", m.from],
      ["To", m.to],
      ["ApiVersion", "2010-04-01"],
      ...own,
    ];
  }

  private post(url: string, params: [string, string][], mode: SignatureMode = "valid") {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (mode === "valid") headers["x-twilio-signature"] = twilioSignature(this.authToken, url, params);
    else if (mode !== "none") headers["x-twilio-signature"] = mode.value;
    return postWebhook(url, new URLSearchParams(params).toString(), headers);
  }

  private authorized(request: RecordedRequest): FakeReply | null {
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString("base64")}`;
    const account = ACCOUNT_PATH.exec(request.path)?.groups?.account;
    if (request.headers.authorization === expected && account === this.accountSid) return null;
    return { status: 401, body: error(401, 20003, "Authenticate") };
  }

  private create(request: RecordedRequest): FakeReply {
    const form = new URLSearchParams(request.body);
    const to = form.get("To") ?? "";
    if (!/^\+[1-9]\d{6,14}$/.test(to))
      return { status: 400, body: error(400, 21211, `The 'To' number ${to} is not a valid phone number.`) };
    const sid = `SM${hex32()}`;
    const message: TwilioMessage = {
      sid,
      account_sid: this.accountSid,
      to,
      from: form.get("From") ?? "",
      body: form.get("Body") ?? "",
      status: "queued",
      direction: "outbound-api",
      date_created: new Date().toUTCString().replace("GMT", "+0000"),
      date_sent: null,
      error_code: null,
      error_message: null,
      api_version: "2010-04-01",
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
      statusCallback: form.get("StatusCallback"),
    };
    this.messages.push(message);
    return { status: 201, body: json(message) };
  }

  private fetch(sid: string): FakeReply {
    const message = this.messages.find((m) => m.sid === sid);
    return message
      ? { status: 200, body: json(message) }
      : { status: 404, body: error(404, 20404, `The requested resource ${sid} was not found`) };
  }

  private list(request: RecordedRequest): FakeReply {
    const to = request.query.get("To");
    const from = request.query.get("From");
    const size = Number(request.query.get("PageSize") ?? 50);
    const found = this.messages.filter((m) => (!to || m.to === to) && (!from || m.from === from)).reverse();
    return { status: 200, body: { messages: found.slice(0, size).map(json), page: 0, page_size: size } };
  }
}

function pathOf(tail: string): RegExp {
  return new RegExp(`^/2010-04-01/Accounts/(?<account>AC\\w+)${tail.replaceAll(".json", "\\.json")}$`);
}

function json({ statusCallback: _, ...message }: TwilioMessage) {
  return message;
}

function error(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function hex32(): string {
  return randomBytes(16).toString("hex");
}
