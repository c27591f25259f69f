import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { nextAttemptDelay, RETRY_DELAYS_MS } from "@/lib/webhooks/backoff";
import { generateWebhookSecret, signWebhook, verifyWebhook, webhookHeaders } from "@/lib/webhooks/signing";

describe("Standard Webhooks signing", () => {
  it("matches the Standard Webhooks reference vector", () => {
    // From the spec's reference implementations (svix/standard-webhooks test suite).
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, id, 1614265330, body)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("is HMAC-SHA256 over id.timestamp.body with the base64-decoded key", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const key = Buffer.from(secret.slice(6), "base64");
    const mac = createHmac("sha256", key).update("id1.100.{}").digest("base64");
    expect(signWebhook(secret, "id1", 100, "{}")).toBe(`v1,${mac}`);
  });

  it("verifies its own headers and refuses tampering, other secrets and stale timestamps", () => {
    const secret = generateWebhookSecret();
    const now = 1_700_000_000_000;
    const h = webhookHeaders(secret, "msg_1", '{"a":1}', now);
    const headers = { id: h["webhook-id"], timestamp: h["webhook-timestamp"], signature: h["webhook-signature"] };
    expect(verifyWebhook(secret, headers, '{"a":1}', now)).toBe(true);
    expect(verifyWebhook(secret, headers, '{"a":2}', now)).toBe(false);
    expect(verifyWebhook(generateWebhookSecret(), headers, '{"a":1}', now)).toBe(false);
    expect(verifyWebhook(secret, headers, '{"a":1}', now + 3_600_000)).toBe(false);
  });
});

describe("webhook retry schedule", () => {
  it("retries with growing delays for at least a day, then gives up", () => {
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(24 * 3_600_000);
    for (let i = 1; i < RETRY_DELAYS_MS.length; i++) expect(RETRY_DELAYS_MS[i]).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[i - 1]);
    expect(nextAttemptDelay(RETRY_DELAYS_MS.length + 1)).toBeNull();
  });
});
