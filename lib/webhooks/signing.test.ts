import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { nextAttemptDelay, RETRY_DELAYS_MS } from "@/lib/webhooks/backoff";
import { generateWebhookSecret, webhookHeaders } from "@/lib/webhooks/signing";

describe("Standard Webhooks signing", () => {
  it("matches the Standard Webhooks reference vector", () => {
    // From the spec's reference implementations (svix/standard-webhooks test suite).
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const headers = webhookHeaders(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", '{"test": 2432232314}', 1614265330_000);
    expect(headers).toEqual({
      "content-type": "application/json",
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    });
  });

  it("a receiver's standardwebhooks verifies our headers and refuses tampering, other secrets and stale timestamps", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const receiver = new Webhook(secret);
    const headers = webhookHeaders(secret, "msg_1", '{"a":1}', Date.now());
    expect(receiver.verify('{"a":1}', headers)).toEqual({ a: 1 });
    expect(() => receiver.verify('{"a":2}', headers)).toThrow("No matching signature");
    expect(() => new Webhook(generateWebhookSecret()).verify('{"a":1}', headers)).toThrow("No matching signature");
    const hourOld = webhookHeaders(secret, "msg_1", '{"a":1}', Date.now() - 3_600_000);
    expect(() => receiver.verify('{"a":1}', hourOld)).toThrow("too old");
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
