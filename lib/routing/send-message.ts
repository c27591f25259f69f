import "server-only";
// A real send: decide, store the message with its decision (failed attempts too), advance the
// rotation state and today's counter, append the live event and queue the webhook — in ONE
// transaction that holds the channel's cross-process lock (lib/routing/send-queue,
// lib/db/send-store): whichever process takes the request, no two decisions read the same
// rotation state or counter, and a crash never leaves half a message. For an instance with a
// gateway the same transaction stores the outbox item at its pacing slot and the message is
// `queued` (the dispatchers of lib/delivery send it); a record-only instance's message is `sent`.
// The answer is final at commit: a replay with the same Idempotency-Key returns exactly it.
import { randomUUID } from "node:crypto";
import { actorOf, type ServiceContext } from "@/lib/audit/actor";
import { nextOpening } from "@/lib/delivery/send-window";
import type { SendWindow } from "@/lib/delivery/send-window.schema";
import { selectInstance } from "@/lib/engine/select";
import { HOUR_MS } from "@/lib/engine/time";
import type { Decision } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import { eventRow } from "@/lib/events/append-event";
import { type DomainEvent, messageFailedEvent } from "@/lib/events/event-types";
import { notifyEvents, notifyOutbox, notifyWebhooks } from "@/lib/events/notifier";
import { presentDecision, type SendResponse } from "@/lib/routing/present-decision";
import { resolveContact } from "@/lib/routing/resolve-contact";
import { type SendMessageInput, senderRef } from "@/lib/routing/send.schema";
import { enqueueSend, type SendRows } from "@/lib/routing/send-queue";
import { applyLive, getCachedSnapshot, reloadSnapshot, type SnapshotEntry } from "@/lib/routing/snapshot-cache";
import { webhookRow } from "@/lib/webhooks/enqueue-webhook";

export type MessageSource = "api" | "dashboard" | "simulator" | "replay";

/** A configuration that changes under every attempt this often is refused rather than looped on. */
const MAX_STALE_RETRIES = 5;

export async function sendMessage(options: {
  ctx: ServiceContext;
  input: SendMessageInput;
  source: MessageSource;
  /** The idempotency record to complete in the same transaction (POST /messages). */
  idempotencyRecordId?: string;
}): Promise<SendResponse & { messageId: string; decision: Decision }> {
  const { ctx, input } = options;
  const locationId = ctx.location.id;
  const actor = actorOf(ctx);
  const channel = input.channel;
  let entry = await getCachedSnapshot(locationId);
  // The contact lookup (and creation of an unknown phone) needs no lock.
  const contact = await resolveContact({ locationId, config: entry, input, create: true });
  const contactId = contact.id!;
  let result: { id: string; decision: Decision; response: SendResponse; entry: SnapshotEntry } | null = null;

  for (let attempt = 0; ; attempt++) {
    const config = entry;
    const outcome = await enqueueSend({ locationId, channel }, config.version, contactId, (live, now): SendRows => {
      applyLive(config, channel, live, contactId, now);
      const assigned = contact.engine.assignedUserId;
      contact.engine.assignedUserName = assigned ? (config.userNames.get(assigned) ?? null) : null;
      // The binding as this transaction reads it (an earlier send of the batch may have written it).
      contact.engine.binding = live.bindings.get(contactId) ?? null;
      const decision = selectInstance({
        channel,
        body: input.body,
        from: senderRef(input.from),
        contact: contact.engine,
        location: config.snapshot,
        rotation: live.rotation ? { [channel]: live.rotation } : {},
        now,
      });
      const id = randomUUID();
      const createdAt = new Date(now);
      const delivery = decision.ok ? config.delivery.get(decision.instance.id) : undefined;
      // Outside the send window (and not a reply to a contact who wrote in the last 24 h) it waits
      // in the outbox as `scheduled`; else through a gateway the outbox sends it (queued), and a
      // record-only instance's message is sent now.
      const notBefore = decision.ok ? windowWait(config.sendWindow, live.lastInbound.get(contactId) ?? null, now) : null;
      const status = !decision.ok ? "failed" : notBefore !== null ? "scheduled" : delivery?.gateway ? "queued" : "sent";
      const response = presentDecision(decision, { id, status, createdAt }, contactId);
      result = { id, decision, response, entry: config };
      const instance = decision.ok ? decision.instance : decision.resolvedInstance;
      const event = messageEvent(id, decision, status, { id: contactId, phone: contact.phone }, createdAt);
      return {
        message: {
          id,
          locationId,
          channel,
          contactId,
          createdAt,
          status,
          sentAt: status === "sent" ? createdAt : null,
          instanceId: decision.ok ? decision.instance.id : null,
          instanceIndex: instance?.index ?? null,
          instancePhone: instance?.phone ?? null,
          instanceLabel: instance?.label ?? null,
          rule: decision.rule,
          errorCode: !decision.ok && typeof decision.error.code === "number" ? decision.error.code : null,
          errorName: decision.ok ? null : decision.error.name,
          requestedBody: decision.requestedBody,
          body: decision.body,
          trace: JSON.stringify(decision.trace),
          warnings: JSON.stringify(decision.warnings),
          source: options.source,
          sourceRef: actor.id,
        },
        event: eventRow(event),
        webhook: !decision.ok && config.webhookUrl ? webhookRow(config.webhookUrl, event, createdAt) : null,
        idempotency: options.idempotencyRecordId
          ? { id: options.idempotencyRecordId, status: response.status, body: JSON.stringify(response.body) }
          : null,
        rotation: decision.ok && decision.rule === "any_available" ? (decision.nextRotation[channel] ?? null) : null,
        countInstanceId: decision.ok ? decision.instance.id : null,
        delivery:
          decision.ok && delivery
            ? { instanceId: decision.instance.id, contactId, gateway: delivery.gateway, pacing: delivery.pacing, notBefore }
            : null,
        binding: bindingWrite(decision, contactId, createdAt),
      };
    });
    if (outcome === "done") break;
    if (attempt >= MAX_STALE_RETRIES) {
      throw new AppError("busy", "The location's configuration is changing too fast: retry in a moment.", { status: 503 });
    }
    entry = await reloadSnapshot(locationId);
  }
  const done = result!;
  notifyEvents(locationId);
  if (!done.decision.ok && done.entry.webhookUrl) notifyWebhooks();
  if (done.response.body.status === "queued" || done.response.body.status === "scheduled") notifyOutbox();

  return { ...done.response, messageId: done.id, decision: done.decision };
}

/** A reply this soon after the contact last wrote goes at once, whatever the send window says (SPEC §6). */
const REPLY_EXEMPT_MS = 24 * HOUR_MS;

/** When the message may leave under the location's send window: null for now (open, none, or a reply). */
function windowWait(window: SendWindow | null, lastInbound: number | null, now: number): number | null {
  if (!window || (lastInbound !== null && now - lastInbound < REPLY_EXEMPT_MS)) return null;
  const opening = nextOpening(window, now);
  return opening > now ? opening : null;
}

/**
 * What the decision says to store as the contact's binding (SPEC §2): a write when the message was
 * decided (sent or queued), a drop whatever became of it; nothing for keep and none.
 */
function bindingWrite(decision: Decision, contactId: string, at: Date): SendRows["binding"] {
  const b = decision.binding;
  if (b.action === "drop") return { contactId, instanceId: null, at };
  if (b.action === "write" && decision.ok) return { contactId, instanceId: b.instanceId, at };
  return null;
}

/** The live event (and, for a failure, the webhook) of a decided send. */
function messageEvent(id: string, decision: Decision, status: string, contact: { id: string; phone: string }, at: Date): DomainEvent {
  if (decision.ok) {
    const i = decision.instance;
    return {
      type: "message.routed",
      data: {
        messageId: id,
        channel: decision.channel,
        contactId: contact.id,
        rule: decision.rule,
        status: status === "queued" || status === "scheduled" ? status : "sent",
        instanceId: i.id,
        index: i.index,
        phone: i.phone,
        label: i.label,
        at: at.toISOString(),
      },
    };
  }
  const i = decision.resolvedInstance;
  return messageFailedEvent({
    messageId: id,
    channel: decision.channel,
    contactId: contact.id,
    contact,
    errorCode: decision.error.code,
    errorName: decision.error.name,
    message: decision.error.message,
    rule: decision.rule,
    instance: i ? { id: i.id, index: i.index, phone: i.phone, label: i.label } : null,
    at: at.toISOString(),
  });
}
