// Standard Webhooks signatures (https://www.standardwebhooks.com) through the spec's reference
// implementation, so our headers are exactly what receivers' own `standardwebhooks` verify. The
// secret is "whsec_" + the base64 of the key bytes, as the library and receivers expect.
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export function webhookHeaders(secret: string, id: string, body: string, nowMs: number): Record<string, string> {
  const sentAt = new Date(nowMs);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(nowMs / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, sentAt, body),
  };
}
