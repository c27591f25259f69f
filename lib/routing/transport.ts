import "server-only";
// The transport hands a routed message to the messaging gateway. Default (no gatewayUrl): the
// message is recorded as sent and the gateway reports delivery later. HTTP transport: POST the
// message to the location's gatewayUrl, signed like the outbound webhooks; a refusal marks the
// message failed (with the gateway's status) and emits message.failed — live and, as SPEC §3 asks
// for a final gateway failure, to the location's webhook (there is no retry). The URL goes through the
// outbound URL guard at every send (lib/net: resolved, checked, pinned): private addresses only
// with ALLOW_PRIVATE_GATEWAYS, metadata and link-local never.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Decision } from "@/lib/engine/types";
import { appendEventOp } from "@/lib/events/append-event";
import { messageFailedEvent } from "@/lib/events/event-types";
import { notifyEvents, notifyWebhooks } from "@/lib/events/notifier";
import { gatewayPolicy, guardedPost } from "@/lib/net/guarded-post";
import type { SnapshotEntry } from "@/lib/routing/snapshot-cache";
import { enqueueWebhookOp } from "@/lib/webhooks/enqueue-webhook";
import { webhookHeaders } from "@/lib/webhooks/signing";

const TIMEOUT_MS = 5_000;

export async function deliverToTransport(options: {
  entry: SnapshotEntry;
  messageId: string;
  decision: Extract<Decision, { ok: true }>;
  contact: { id: string; phone: string };
}): Promise<{ ok: boolean }> {
  const { entry, messageId, decision, contact } = options;
  if (!entry.gatewayUrl) return { ok: true };
  const payload = JSON.stringify({
    type: "message.send",
    timestamp: new Date().toISOString(),
    data: { messageId, channel: decision.channel, to: contact.phone, from: decision.instance, body: decision.body },
  });
  const headers = entry.webhookSecret
    ? webhookHeaders(entry.webhookSecret, `msg_${randomUUID().replaceAll("-", "")}`, payload, Date.now())
    : { "content-type": "application/json" };
  const outcome = await guardedPost(entry.gatewayUrl, { policy: gatewayPolicy(), headers, body: payload, timeoutMs: TIMEOUT_MS });
  const error =
    outcome.kind === "refused"
      ? "Gateway refused: not a public address"
      : outcome.kind === "unreachable"
        ? "Gateway unreachable"
        : outcome.status < 200 || outcome.status >= 300
          ? `Gateway answered HTTP ${outcome.status}`
          : null;
  if (error === null) return { ok: true };
  const locationId = entry.snapshot.id;
  const at = new Date();
  const event = messageFailedEvent({
    messageId,
    channel: decision.channel,
    contactId: contact.id,
    contact,
    errorCode: "transport_failed",
    errorName: "transport_failed",
    message: error,
    rule: decision.rule,
    instance: decision.instance,
    at: at.toISOString(),
  });
  const webhook = enqueueWebhookOp({ locationId, webhookUrl: entry.webhookUrl }, event, at);
  await db.$transaction([
    db.message.update({
      where: { id: messageId, locationId },
      data: { status: "failed", errorName: "transport_failed", deliveryError: error },
    }),
    appendEventOp(locationId, event),
    ...(webhook ? [webhook] : []),
  ]);
  notifyEvents(locationId);
  if (webhook) notifyWebhooks();
  return { ok: false };
}
