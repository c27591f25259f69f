// The one interface every gateway adapter implements (SPEC §6): send a text, ask whether a message
// whose answer was lost went out, test the connection, and turn the gateway's own webhooks into our
// updates (message status, instance status, inbound message). Adapters are plain functions over
// an HTTP client they are handed (lib/gateways/http.ts in the app, the same in tests against the
// fakes in e2e/fakes/): they never read the database, the clock's state or process memory, so the
// outbox (lib/delivery/) decides retries and counts, and each adapter is one vendor's wire format.
// Vendor facts and their sources: docs/gateways.md.
import type { Channel, InstanceStatus, StatusReason } from "@/lib/engine/types";

export const GATEWAY_KINDS = ["webhook", "evolution", "waha", "bluebubbles", "twilio"] as const;
export type GatewayKind = (typeof GATEWAY_KINDS)[number];

/** A connection as the adapter sees it: credentials already opened (lib/security/secret-box). */
export type GatewayConnection = {
  kind: GatewayKind;
  instanceId: string;
  channel: Channel;
  /** The instance's own number (E.164), the sender for kinds that need one (Twilio `From`). */
  instancePhone: string | null;
  /** Base URL, no trailing slash. */
  url: string;
  /** Provider fields: Evolution `instance`, WAHA `session`, Twilio `accountSid`. */
  config: { instance?: string; session?: string; accountSid?: string };
  /** Kind-specific: webhook `secret`, Evolution/WAHA `apiKey`, BlueBubbles `password`, Twilio `authToken`. */
  credentials: { secret?: string; apiKey?: string; password?: string; authToken?: string };
  /** The full public URL the gateway posts its webhooks to (with the inbound token). */
  inboundUrl: string;
};

export type OutboundMessage = {
  /** Our message id: the reference we put on the wire where the vendor carries one. */
  messageId: string;
  channel: Channel;
  /** The contact's number, E.164. */
  to: string;
  body: string;
};

// ---- HTTP, as the adapters see it --------------------------------------------------------------

export type HttpRequest = {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
};

/**
 * `not_sent`: the request never reached the gateway (refused connection, DNS, unreachable) — safe
 * to send again. `unknown`: it went out and no answer came (timeout, reset after writing) — it may
 * have been processed. `blocked`: the URL guard refused the address (not public, and private
 * gateways are not allowed).
 */
export type HttpResult =
  | { kind: "response"; status: number; headers: Record<string, string>; body: string }
  | { kind: "not_sent"; reason: string }
  | { kind: "unknown"; reason: string }
  | { kind: "blocked"; reason: string };

export type HttpClient = (request: HttpRequest) => Promise<HttpResult>;

// ---- What an adapter answers -------------------------------------------------------------------

export type SendOutcome =
  /** The gateway took it (its id when it gave one). */
  | { kind: "accepted"; providerMessageId: string | null; detail: string }
  /** Not processed: send again later (`retryAfterMs` from Retry-After when the gateway said). */
  | { kind: "retry"; retryAfterMs: number | null; detail: string }
  /** Refused for good (4xx): the message fails now. */
  | { kind: "rejected"; detail: string }
  /** May have been processed: ask (lookup) before ever sending again. */
  | { kind: "unknown"; detail: string };

export type LookupOutcome =
  | { kind: "sent"; providerMessageId: string | null; detail: string }
  | { kind: "failed"; detail: string }
  /** The gateway does not have it: sending again cannot duplicate it. */
  | { kind: "not_found"; detail: string }
  /** The gateway cannot say (no lookup for this kind, or it did not answer). */
  | { kind: "unknown"; detail: string };

export type TestOutcome = {
  ok: boolean;
  /** The gateway's HTTP status, null when nothing answered. */
  httpStatus: number | null;
  /** What the gateway said, in a sentence an admin can act on. */
  detail: string;
  /** The instance state the gateway reported, mapped onto ours, when it reports one. */
  instanceStatus?: { status: InstanceStatus; reason: StatusReason | null };
};

/** Delivery statuses a gateway can report for one of our messages. */
export type ReportedMessageStatus = "sent" | "delivered" | "read" | "failed";

export type GatewayUpdate =
  | {
      type: "message_status";
      /** How to find our message: the gateway's id, or ours where the vendor echoes it. */
      providerMessageId: string | null;
      messageId: string | null;
      status: ReportedMessageStatus;
      detail: string | null;
      at: Date | null;
    }
  | { type: "instance_status"; status: InstanceStatus; reason: StatusReason | null; at: Date | null }
  | {
      type: "inbound";
      /**
       * The contact's number as the gateway gave it (digits, +digits, a JID): normalised by the
       * service. WAHA's parse may give a `<lid>@lid` sender, which its completeUpdates resolves.
       */
      from: string;
      body: string;
      providerMessageId: string | null;
      at: Date | null;
    };

/** A webhook request as it reached us. */
export type InboundRequest = {
  /** The URL as the gateway called it (the public URL: Twilio signs it). */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  rawBody: string;
  /** Whether the request carried this instance's inbound token (checked by the route, constant time). */
  tokenOk: boolean;
};

export type WebhookParse =
  | { ok: false; status: 400 | 401; message: string }
  | {
      ok: true;
      updates: GatewayUpdate[];
      /** What to answer the gateway (Twilio wants TwiML); default 200 `{ "ok": true }`. */
      reply?: { status: number; contentType: string; body: string };
    };

export type SendContext = { http: HttpClient; timeoutMs: number };

export interface GatewayAdapter {
  kind: GatewayKind;
  send(connection: GatewayConnection, message: OutboundMessage, context: SendContext): Promise<SendOutcome>;
  /** After an `unknown`: did the message go out? `providerMessageId` when a late report named it. */
  lookup(
    connection: GatewayConnection,
    message: OutboundMessage,
    providerMessageId: string | null,
    context: SendContext,
  ): Promise<LookupOutcome>;
  testConnection(connection: GatewayConnection, context: SendContext): Promise<TestOutcome>;
  /** Verifies (token, vendor signature) and parses one webhook; never throws on bad input. */
  parseWebhook(connection: GatewayConnection, request: InboundRequest): WebhookParse;
  /**
   * Asks the gateway what parsed updates lack before they can be applied (WAHA: the number behind
   * a `…@lid` sender); an update it cannot complete is left out. Absent: updates apply as parsed.
   */
  completeUpdates?(connection: GatewayConnection, updates: GatewayUpdate[], context: SendContext): Promise<GatewayUpdate[]>;
}
