import "server-only";
// A real send: decide, store the message with its decision (failed attempts too), advance the
// rotation state, append the live event and queue the webhook — in ONE transaction, inside the
// location's in-process lock, so concurrent sends never decide from a stale rotation state and a
// crash never leaves half a message. Then the transport hands the message to the gateway.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { type ServiceContext, actorOf } from "@/lib/audit/actor";
import { selectInstance } from "@/lib/engine/select";
import type { Decision } from "@/lib/engine/types";
import type { Prisma } from "@/lib/generated/prisma/client";
import { appendEventOp } from "@/lib/events/append-event";
import { notifyEvents } from "@/lib/events/notifier";
import { withLocationLock } from "@/lib/routing/location-lock";
import { presentDecision, type SendResponse } from "@/lib/routing/present-decision";
import { resolveContact } from "@/lib/routing/resolve-contact";
import { senderRef, type SendMessageInput } from "@/lib/routing/send.schema";
import { getSnapshot, getSnapshotLocked, invalidateSnapshot, type SnapshotEntry } from "@/lib/routing/snapshot-cache";
import { deliverToTransport } from "@/lib/routing/transport";
import { enqueueWebhookOp } from "@/lib/webhooks/enqueue-webhook";

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
    const ops: Prisma.PrismaPromise<unknown>[] = [
      db.message.create({
        data: {
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
        select: { id: true },
      }),
      appendEventOp(locationId, decision.ok ? "message.routed" : "message.failed", eventData),
    ];
    const rotated = decision.ok && decision.rule === "any_available";
    if (rotated) {
      const state = JSON.stringify(decision.nextRotation[input.channel] ?? null);
      ops.push(db.rotationState.upsert({
        where: { locationId_channel: { locationId, channel: input.channel } },
        create: { locationId, channel: input.channel, state },
        update: { state },
      }));
    }
    const webhook = decision.ok ? null : enqueueWebhookOp({ locationId, webhookUrl: entry.webhookUrl }, "message.failed", eventData, createdAt);
    if (webhook) ops.push(webhook);
    if (options.idempotencyRecordId) {
      ops.push(db.idempotencyRecord.update({
        where: { id: options.idempotencyRecordId },
        data: { state: "done", responseStatus: response.status, responseBody: JSON.stringify(response.body) },
        select: { id: true },
      }));
    }
    try {
      await db.$transaction(ops);
    } catch (error) {
      invalidateSnapshot(locationId); // nothing was stored: reread rather than trust memory
      throw error;
    }
    if (decision.ok) commitToCache(entry, decision);
    return { id, decision, response, entry };
  });
  notifyEvents(locationId);

  if (result.decision.ok && result.entry.gatewayUrl) {
    const delivered = await deliverToTransport({ entry: result.entry, messageId: result.id, decision: result.decision, contactPhone: contact.phone });
    if (!delivered.ok) result.response.body.status = "failed";
  }
  return { ...result.response, messageId: result.id, decision: result.decision };
}

/** After the commit: the next decision sees the advanced rotation and today's sends. */
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
