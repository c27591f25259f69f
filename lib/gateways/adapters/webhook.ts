// `webhook`: our own generic gateway (SPEC §6). We POST each message as a Standard Webhooks signed
// JSON event; the receiver answers 2xx (optionally `{ "providerMessageId": "…" }`) and later posts
// our own status / delivery / inbound bodies (SPEC §3 `POST /instances/{id}/status`,
// `POST /messages/{id}/delivery`, `POST /inbound`) back to the instance's inbound URL, wrapped in
// `{ type, data }`. `webhook-id` is `msg_<our message id>` on every attempt, as Standard Webhooks
// asks of a retry (standard-webhooks spec: "the same id when retrying"), so a receiver that
// de-duplicates on it makes a resend after a lost answer harmless — this kind's only "lookup".
import { z } from "zod";
import { instanceStatusSchema, statusReasonSchema } from "@/lib/domain";
import { errorText, parseJson, sendOutcome } from "@/lib/gateways/adapters/outcomes";
import { invalid } from "@/lib/gateways/adapters/shared";
import type { GatewayAdapter, GatewayConnection, GatewayUpdate, HttpRequest } from "@/lib/gateways/types";
import { standardSecret, verifyWebhook, webhookHeaders } from "@/lib/webhooks/signing";

const at = z.iso.datetime({ offset: true }).optional();
const callbackSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("instance.status"),
    data: z.object({ status: instanceStatusSchema, reason: statusReasonSchema.nullish(), at }),
  }),
  z.object({
    type: z.literal("message.delivery"),
    data: z
      .object({
        messageId: z.string().min(1).max(200).optional(),
        providerMessageId: z.string().min(1).max(200).optional(),
        status: z.enum(["sent", "delivered", "read", "failed"]),
        error: z.string().max(1000).nullish(),
        at,
      })
      .refine((d) => d.messageId || d.providerMessageId, "messageId or providerMessageId is required"),
  }),
  z.object({
    type: z.literal("message.inbound"),
    data: z.object({
      from: z.string().min(3).max(64),
      body: z.string().max(4096).default(""),
      providerMessageId: z.string().min(1).max(200).optional(),
      at,
    }),
  }),
]);

function signedPost(connection: GatewayConnection, id: string, payload: string, timeoutMs: number): HttpRequest {
  const secret = connection.credentials.secret;
  return {
    method: "POST",
    url: connection.url,
    headers: secret
      ? webhookHeaders(standardSecret(secret), id, payload, Date.now())
      : { "content-type": "application/json", "webhook-id": id },
    body: payload,
    timeoutMs,
  };
}

export const webhookAdapter: GatewayAdapter = {
  kind: "webhook",

  async send(connection, message, { http, timeoutMs }) {
    const payload = JSON.stringify({
      type: "message.send",
      timestamp: new Date().toISOString(),
      data: {
        messageId: message.messageId,
        instanceId: connection.instanceId,
        channel: message.channel,
        from: connection.instancePhone,
        to: message.to,
        body: message.body,
        callbackUrl: connection.inboundUrl,
      },
    });
    const result = await http(signedPost(connection, `msg_${message.messageId}`, payload, timeoutMs));
    return sendOutcome(result, (body) => {
      const json = parseJson(body) as { providerMessageId?: unknown } | null;
      return typeof json?.providerMessageId === "string" ? json.providerMessageId : null;
    });
  },

  async lookup() {
    return { kind: "not_found", detail: "Sent again with the same webhook-id: the receiver de-duplicates on it" };
  },

  async testConnection(connection, { http, timeoutMs }) {
    const payload = JSON.stringify({ type: "ping", timestamp: new Date().toISOString(), data: { instanceId: connection.instanceId } });
    const result = await http(signedPost(connection, `ping_${Date.now()}`, payload, timeoutMs));
    if (result.kind !== "response") return { ok: false, httpStatus: null, detail: result.reason };
    const ok = result.status >= 200 && result.status < 300;
    const said = errorText(result.body);
    return { ok, httpStatus: result.status, detail: `The gateway answered HTTP ${result.status}${said ? `: ${said}` : ""}` };
  },

  parseWebhook(connection, request) {
    const secret = connection.credentials.secret;
    const signed = secret !== undefined && verifyWebhook(secret, request.rawBody, request.headers);
    if (!request.tokenOk && !signed) return { ok: false, status: 401, message: "Unknown inbound token and no valid webhook signature" };
    const parsed = callbackSchema.safeParse(parseJson(request.rawBody));
    if (!parsed.success) return invalid(parsed.error);
    const event = parsed.data;
    const when = (v: string | undefined) => (v ? new Date(v) : null);
    const update: GatewayUpdate =
      event.type === "instance.status"
        ? { type: "instance_status", status: event.data.status, reason: event.data.reason ?? null, at: when(event.data.at) }
        : event.type === "message.delivery"
          ? {
              type: "message_status",
              messageId: event.data.messageId ?? null,
              providerMessageId: event.data.providerMessageId ?? null,
              status: event.data.status,
              detail: event.data.error ?? null,
              at: when(event.data.at),
            }
          : {
              type: "inbound",
              from: event.data.from,
              body: event.data.body,
              providerMessageId: event.data.providerMessageId ?? null,
              at: when(event.data.at),
            };
    return { ok: true, updates: [update] };
  },
};
