// A fake of a gateway that speaks our own `webhook` kind (lib/gateways/adapters/webhook.ts): it
// takes `message.send` events (verifying their Standard Webhooks signature when it has the secret),
// answers 2xx with a providerMessageId, de-duplicates on webhook-id as the README asks receivers to,
// and posts our status / delivery / inbound bodies back to the instance's inbound URL.
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { standardSecret } from "@/lib/webhooks/signing";
import { FakeGatewayServer, postWebhook, type RecordedRequest } from "./fake-gateway-server";

export type WebhookGatewaySend = { webhookId: string; messageId: string; to: string; body: string; providerMessageId: string };

export class FakeWebhookGateway extends FakeGatewayServer {
  /** Sends it took, once per webhook-id (a resend with the same id is not sent twice). */
  readonly sends: WebhookGatewaySend[] = [];
  /** Requests whose signature did not verify (when the fake knows the secret). */
  readonly badSignatures: RecordedRequest[] = [];

  constructor(private readonly secret: string | null = null) {
    super();
    this.route({
      method: "POST",
      pattern: /^\/(?:send)?$/,
      handle: (request) => {
        if (this.secret) {
          try {
            new Webhook(standardSecret(this.secret)).verify(request.body, request.headers as Record<string, string>);
          } catch {
            this.badSignatures.push(request);
            return { status: 401, body: { message: "bad signature" } };
          }
        }
        const event = JSON.parse(request.body) as { type: string; data: { messageId: string; to: string; body: string } };
        if (event.type === "ping") return { status: 200, body: { ok: true } };
        const webhookId = String(request.headers["webhook-id"]);
        const seen = this.sends.find((s) => s.webhookId === webhookId);
        if (seen) return { status: 200, body: { providerMessageId: seen.providerMessageId, duplicate: true } };
        const providerMessageId = `wh_${randomUUID()}`;
        this.sends.push({ webhookId, messageId: event.data.messageId, to: event.data.to, body: event.data.body, providerMessageId });
        return { status: 200, body: { providerMessageId } };
      },
    });
  }

  /** Posts `{ type, data }` to our inbound URL, optionally signed with `secret`. */
  emit(inboundUrl: string, type: "instance.status" | "message.delivery" | "message.inbound", data: unknown, secret?: string) {
    const body = JSON.stringify({ type, data });
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (secret) {
      const id = `evt_${randomUUID()}`;
      const now = new Date();
      Object.assign(headers, {
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": new Webhook(standardSecret(secret)).sign(id, now, body),
      });
    }
    return postWebhook(inboundUrl, body, headers);
  }
}
