import "server-only";
// A message's delivery status moves forward only (SPEC §1, §6): queued/scheduled → sent →
// delivered → read, or → failed, which is final. Every change — the dispatcher's (sent, or failed
// for good), a gateway's report (its webhook), an API report (POST /messages/{id}/delivery) — goes
// through here: one conditional update per message (two processes reporting the same change never
// both apply it), its timeline row (MessageStatusChange), the live `message.status_changed` event,
// and the health score (lib/engine/health.ts: delivered +2, failed −10). A final failure also
// emits `message.failed` — `transport_failed` when the gateway never took it, `delivery_failed`
// when it reported it undelivered — live and to the location's webhook.
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { LostRace, retryOnRace } from "@/lib/db/errors";
import { MESSAGE_STATUS_RANK, type MessageStatus } from "@/lib/domain";
import { applyHealthEvent } from "@/lib/engine/health";
import type { Channel, RuleName } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import { appendEventOp } from "@/lib/events/append-event";
import { messageFailedEvent } from "@/lib/events/event-types";
import { notifyEvents, notifyWebhooks } from "@/lib/events/notifier";
import { enqueueWebhookOp } from "@/lib/webhooks/enqueue-webhook";

export type StatusSource = "gateway" | "dispatcher" | "api" | "system";

export type StatusChange = {
  messageId: string;
  to: Exclude<MessageStatus, "queued" | "scheduled">;
  /** The gateway's answer or reason. */
  detail?: string | null;
  providerMessageId?: string | null;
  /** For `failed`: whether the gateway never took it (transport) or reported it undelivered. */
  failure?: "transport_failed" | "delivery_failed";
  at?: Date;
};

export type ChangeResult =
  | { outcome: "changed"; from: MessageStatus; to: MessageStatus }
  /** Already there, or a late report of an earlier status (a `sent` after `read`): nothing changes. */
  | { outcome: "unchanged"; status: MessageStatus }
  | { outcome: "not_found" };

const messageFields = {
  id: true,
  status: true,
  channel: true,
  contactId: true,
  instanceId: true,
  instanceIndex: true,
  instancePhone: true,
  instanceLabel: true,
  rule: true,
  errorName: true,
  deliveredAt: true,
  providerMessageId: true,
  contact: { select: { phone: true } },
} as const;

/** Whether `to` moves a message that is `from` forward (failed is final; nothing moves back). */
function movesForward(from: MessageStatus, to: MessageStatus): boolean {
  if (from === "failed") return false;
  if (to === "failed") return true;
  return MESSAGE_STATUS_RANK[to] > MESSAGE_STATUS_RANK[from];
}

/**
 * Applies one change to a message of `locationId`. `webhookUrl`: the location's, for the failure
 * webhook (null: none). Returns what happened; never throws for a late or repeated report.
 */
export async function changeMessageStatus(options: {
  locationId: string;
  webhookUrl: string | null;
  change: StatusChange;
  source: StatusSource;
}): Promise<ChangeResult> {
  const { locationId, change, source } = options;
  const at = change.at ?? new Date();
  const result = await retryOnRace(async () => {
    const message = await db.message.findUnique({ where: { id: change.messageId, locationId }, select: messageFields });
    if (!message) return { outcome: "not_found" } as const;
    const from = message.status as MessageStatus;
    // A message the engine refused was never handed to anyone: no report applies to it.
    if (from === "failed" || !movesForward(from, change.to) || (message.errorName && !message.instanceId)) {
      return { outcome: "unchanged", status: from } as const;
    }
    const instance = message.instanceId
      ? await db.instance.findUnique({ where: { id: message.instanceId }, select: { id: true, healthScore: true } })
      : null;
    // Health counts a delivery once: `read` straight after `sent` is a delivery too.
    const healthEvent =
      change.to === "failed"
        ? "delivery_failed"
        : (change.to === "delivered" || change.to === "read") && !message.deliveredAt
          ? "delivered"
          : null;
    const failure = change.to === "failed" ? (change.failure ?? "delivery_failed") : null;
    const failureText = change.detail ?? (failure === "transport_failed" ? "The gateway did not take the message" : "Delivery failed");
    const queued = await db.$transaction(async (tx) => {
      const updated = await tx.message.updateMany({
        where: { id: message.id, locationId, status: from },
        data: {
          status: change.to,
          statusChangedAt: at,
          ...(change.providerMessageId && !message.providerMessageId && { providerMessageId: change.providerMessageId }),
          ...(change.to === "sent" && { sentAt: at }),
          ...((change.to === "delivered" || change.to === "read") && !message.deliveredAt && { deliveredAt: at }),
          ...(failure && { errorName: failure, deliveryError: failureText }),
        },
      });
      if (updated.count === 0) throw new LostRace();
      if (instance && healthEvent) {
        const health = await tx.instance.updateMany({
          where: { id: instance.id, healthScore: instance.healthScore },
          data: { healthScore: applyHealthEvent(instance.healthScore, healthEvent) },
        });
        if (health.count === 0) throw new LostRace();
      }
      await tx.messageStatusChange.create({
        data: { locationId, messageId: message.id, status: change.to, detail: change.detail ?? null, source, at },
      });
      await appendEventOp(
        locationId,
        {
          type: "message.status_changed",
          data: {
            messageId: message.id,
            channel: message.channel as Channel,
            contactId: message.contactId,
            instanceId: message.instanceId,
            from,
            to: change.to,
            detail: change.detail ?? null,
            providerMessageId: change.providerMessageId ?? message.providerMessageId,
            at: at.toISOString(),
          },
        },
        tx,
      );
      if (!failure) return false;
      const event = messageFailedEvent({
        messageId: message.id,
        channel: message.channel as Channel,
        contactId: message.contactId,
        contact: { id: message.contactId, phone: message.contact.phone },
        errorCode: failure,
        errorName: failure,
        message: failureText,
        rule: message.rule as RuleName | null,
        instance:
          message.instanceIndex === null
            ? null
            : { id: message.instanceId, index: message.instanceIndex, phone: message.instancePhone, label: message.instanceLabel ?? "" },
        at: at.toISOString(),
      });
      await appendEventOp(locationId, event, tx);
      return (await enqueueWebhookOp({ locationId, webhookUrl: options.webhookUrl }, event, at, tx)) !== null;
    });
    return { outcome: "changed", from, to: change.to, queued } as const;
  });
  if (result.outcome !== "changed") return result;
  notifyEvents(locationId);
  if (result.queued) notifyWebhooks();
  return { outcome: "changed", from: result.from, to: result.to };
}

/** The API's delivery report (POST /messages/{id}/delivery): like a gateway's, but a step back is refused. */
export async function reportMessageStatus(options: {
  ctx: ServiceContext;
  webhookUrl: string | null;
  change: StatusChange;
}): Promise<ChangeResult> {
  const result = await changeMessageStatus({ ...options, locationId: options.ctx.location.id, source: "api" });
  if (result.outcome === "not_found") throw new AppError("not_found", "Message not found.");
  return result;
}

/** The message a gateway's report names: ours by id (where the vendor echoes it), else by its id for it. */
export async function findReportedMessage(
  instance: { id: string; locationId: string },
  ref: { messageId: string | null; providerMessageId: string | null },
): Promise<string | null> {
  if (ref.messageId) {
    const row = await db.message.findFirst({
      where: { id: ref.messageId, locationId: instance.locationId, instanceId: instance.id },
      select: { id: true },
    });
    if (row) return row.id;
  }
  if (ref.providerMessageId) {
    const row = await db.message.findFirst({
      where: { instanceId: instance.id, providerMessageId: ref.providerMessageId },
      select: { id: true },
    });
    if (row) return row.id;
  }
  return null;
}
