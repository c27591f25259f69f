import "server-only";
// A real send: decide, store the message with its decision (failed attempts too), advance the
// rotation state, append the live event and queue the webhook — in ONE transaction (fast-store),
// inside the location's in-process lock, so concurrent sends never decide from a stale rotation state and a
// crash never leaves half a message. Then the transport hands the message to the gateway.
import { randomUUID } from "node:crypto";
import { type ServiceContext, actorOf } from "@/lib/audit/actor";
import { selectInstance } from "@/lib/engine/select";
import type { Decision } from "@/lib/engine/types";
import { notifyEvents, notifyWebhooks } from "@/lib/events/notifier";
import { withLocationLock } from "@/lib/routing/location-lock";
import { presentDecision, type SendResponse } from "@/lib/routing/present-decision";
import { resolveContact } from "@/lib/routing/resolve-contact";
import { senderRef, type SendMessageInput } from "@/lib/routing/send.schema";
import { getSnapshot, getSnapshotLocked, invalidateSnapshot, type SnapshotEntry } from "@/lib/routing/snapshot-cache";
import { deliverToTransport } from "@/lib/routing/transport";
import { webhookPayload } from "@/lib/webhooks/enqueue-webhook";
import { commitSend } from "@/lib/routing/fast-store";

export type MessageSource = "api" | "dashboard" | "simulator" | "replay";

export async function sendMessage(options: {
  ctx: ServiceContext;
  input: SendMessageInput;
  source: MessageSource;
  /** The idempotency record to complete in the same transaction (POST /messages). */
  idempotencyRecordId?: string;
  now?: number;
}): Promise<SendResponse & { messageId: string; decision: Decision }> {
  const { ctx, input } = options;
  const locationId = ctx.location.id;
  const actor = actorOf(ctx);
  // The contact lookup (and creation of an unknown phone) needs no lock.
  const pre = await getSnapshot(locationId);
  const contact = await resolveContact({
    locationId, defaultCountry: pre.snapshot.defaultCountry, contactId: input.contactId, phone: input.phone,
    create: true, userNames: pre.userNames,
  });
  const contactId = contact.id!;

  const result = await withLocationLock(locationId, async () => {
    const now = options.now ?? Date.now();
    const entry = await getSnapshotLocked(locationId, now);
    if (contact.engine.assignedUserId) contact.engine.assignedUserName = entry.userNames.get(contact.engine.assignedUserId) ?? null;
    const decision = selectInstance({
      channel: input.channel, body: input.body, from: senderRef(input.from), contact: contact.engine,
      location: entry.snapshot, rotation: entry.rotation, now,
    });
    const id = randomUUID();
    const createdAt = new Date(now);
    const status = decision.ok ? "sent" : "failed";
    const response = presentDecision(decision, { id, status, createdAt }, contactId);
    const instance = decision.ok ? decision.instance : decision.resolvedInstance;
    const eventData = messageEventData(id, decision, { id: contactId, phone: contact.phone }, createdAt);
    const rotated = decision.ok && decision.rule === "any_available";
    const eventType = decision.ok ? "message.routed" : "message.failed";
    // Enqueued in decision order while holding the lock; committed (with the other sends of this
    // turn) right after. The cache moves on now, so the next decision sees this one.
    const committed = commitSend({
        message: {
          id, locationId, channel: input.channel, contactId, createdAt, status,
          instanceId: decision.ok ? decision.instance.id : null,
          instanceIndex: instance?.index ?? null, instancePhone: instance?.phone ?? null, instanceLabel: instance?.label ?? null,
          rule: decision.rule,
          errorCode: !decision.ok && typeof decision.error.code === "number" ? decision.error.code : null,
          errorName: decision.ok ? null : decision.error.name,
          requestedBody: decision.requestedBody, body: decision.body,
          trace: JSON.stringify(decision.trace), warnings: JSON.stringify(decision.warnings),
          source: options.source, sourceRef: actor.id,
        },
        event: { type: eventType, payload: JSON.stringify(eventData) },
        rotation: rotated ? { channel: input.channel, state: JSON.stringify(decision.nextRotation[input.channel] ?? null) } : null,
        webhook: !decision.ok && entry.webhookUrl
          ? { eventType: "message.failed", url: entry.webhookUrl, payload: webhookPayload("message.failed", eventData, createdAt) }
          : null,
        idempotency: options.idempotencyRecordId ? { id: options.idempotencyRecordId, status: response.status, body: JSON.stringify(response.body) } : null,
      });
    void committed.catch(() => undefined); // awaited below; this only marks the rejection handled
    if (decision.ok) commitToCache(entry, decision);
    return { id, decision, response, entry, committed };
  });
  try {
    await result.committed;
  } catch (error) {
    invalidateSnapshot(locationId, { forgetCounts: true }); // nothing was stored: reread, do not trust memory
    throw error;
  }
  notifyEvents(locationId);
  if (!result.decision.ok && result.entry.webhookUrl) notifyWebhooks();

  if (result.decision.ok && result.entry.gatewayUrl) {
    const delivered = await deliverToTransport({ entry: result.entry, messageId: result.id, decision: result.decision, contactPhone: contact.phone });
    if (!delivered.ok) result.response.body.status = "failed";
  }
  return { ...result.response, messageId: result.id, decision: result.decision };
}

/** At decision time: the next decision sees the advanced rotation and today's sends. */
function commitToCache(entry: SnapshotEntry, decision: Extract<Decision, { ok: true }>) {
  if (decision.rule === "any_available") entry.rotation = decision.nextRotation;
  const instance = entry.snapshot.instances.find((i) => i.id === decision.instance.id);
  if (instance) instance.sendsToday += 1;
}

export function messageEventData(id: string, decision: Decision, contact: { id: string; phone: string }, at: Date): Record<string, unknown> {
  if (decision.ok) {
    const i = decision.instance;
    return {
      messageId: id, channel: decision.channel, contactId: contact.id, rule: decision.rule, status: "sent",
      instanceId: i.id, index: i.index, phone: i.phone, label: i.label, at: at.toISOString(),
    };
  }
  const i = decision.resolvedInstance;
  return {
    messageId: id, channel: decision.channel, contactId: contact.id, contact,
    errorCode: decision.error.code, errorName: decision.error.name, message: decision.error.message, rule: decision.rule,
    instance: i ? { id: i.id, index: i.index, phone: i.phone, label: i.label } : null,
    index: i?.index ?? null, phone: i?.phone ?? null, at: at.toISOString(),
  };
}
