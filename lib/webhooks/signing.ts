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

/**
 * A connection secret as Standard Webhooks wants it: "whsec_<base64 key>" is used as is; any other
 * text is the key's bytes themselves (UTF-8), so an operator can paste a plain shared secret.
 */
export function standardSecret(secret: string): string {
  return secret.startsWith("whsec_") ? secret : `whsec_${Buffer.from(secret, "utf8").toString("base64")}`;
}

/** True when the headers carry a valid signature of `body` (timestamp within 5 minutes). */
export function verifyWebhook(secret: string, body: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(standardSecret(secret)).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}
