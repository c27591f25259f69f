import "server-only";
import { db } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { applyHealthEvent } from "@/lib/engine/health";
import { appendEventOp } from "@/lib/events/append-event";
import { notifyEvents, notifyWebhooks } from "@/lib/events/notifier";
import { messageView } from "@/lib/messages/message-view";
import type { DeliveryReport } from "@/lib/messages/message.schema";
import { withLocationLock } from "@/lib/routing/location-lock";
import { getSnapshotLocked, patchCachedInstance } from "@/lib/routing/snapshot-cache";
import { enqueueWebhookOp } from "@/lib/webhooks/enqueue-webhook";

/**
 * A gateway's delivery report for a sent message. It feeds the sending instance's health score
 * (lib/engine/health.ts: delivered +2, failed −10). A repeat of the current status changes
 * nothing; only a sent message can become delivered or failed.
 */
export async function reportDelivery(options: { ctx: ServiceContext; messageId: string; report: DeliveryReport; now?: number }) {
  const { ctx, messageId, report } = options;
  const locationId = ctx.location.id;
  const now = options.now ?? Date.now();
  return withLocationLock(locationId, async () => {
    const message = await db.message.findUnique({ where: { id: messageId, locationId } });
    if (!message) throw new AppError("not_found", "Message not found.");
    if (message.status === report.status) return messageView(message);
    if (message.status !== "sent") {
      const why = message.errorName && !message.deliveryError ? "it was never sent (no number was selected)" : `it is already ${message.status}`;
      throw new AppError("invalid_transition", `Cannot mark message ${report.status}: ${why}.`, { status: 409 });
    }
    const instance = message.instanceId
      ? await db.instance.findUnique({ where: { id: message.instanceId, locationId }, select: { id: true, healthScore: true } })
      : null;
    const healthScore = instance ? applyHealthEvent(instance.healthScore, report.status === "delivered" ? "delivered" : "delivery_failed") : null;
    const at = new Date(now);
    const ops = [];
    let queuedWebhook = false;
    const updated = db.message.update({
      where: { id: messageId, locationId },
      data: report.status === "delivered" ? { status: "delivered", deliveredAt: at } : { status: "failed", deliveryError: report.error ?? "Delivery failed" },
    });
    if (instance && healthScore !== null) ops.push(db.instance.update({ where: { id: instance.id, locationId }, data: { healthScore }, select: { id: true } }));
    if (report.status === "failed") {
      const { webhookUrl } = await getSnapshotLocked(locationId, now);
      const data = {
        messageId, channel: message.channel, contactId: message.contactId, errorCode: null, errorName: "delivery_failed",
        message: report.error ?? "Delivery failed", rule: message.rule,
        instance: message.instanceIndex === null ? null : { id: message.instanceId, index: message.instanceIndex, phone: message.instancePhone, label: message.instanceLabel },
        index: message.instanceIndex, phone: message.instancePhone, at: at.toISOString(),
      };
      ops.push(appendEventOp(locationId, "message.failed", data));
      const webhook = enqueueWebhookOp({ locationId, webhookUrl }, "message.failed", data, at);
      if (webhook) ops.push(webhook);
      queuedWebhook = webhook !== null;
    }
    const [row] = await db.$transaction([updated, ...ops]);
    if (instance && healthScore !== null) patchCachedInstance(locationId, instance.id, { healthScore });
    if (report.status === "failed") notifyEvents(locationId);
    if (queuedWebhook) notifyWebhooks();
    return messageView(row);
  });
}
