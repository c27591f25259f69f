import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { LostRace, retryOnRace } from "@/lib/db/errors";
import { applyHealthEvent } from "@/lib/engine/health";
import type { Channel, RuleName } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import { appendEventOp } from "@/lib/events/append-event";
import { messageFailedEvent } from "@/lib/events/event-types";
import { notifyEvents, notifyWebhooks } from "@/lib/events/notifier";
import type { DeliveryReport } from "@/lib/messages/message.schema";
import { messageSelect, messageView } from "@/lib/messages/message-view";
import { getSnapshot } from "@/lib/routing/snapshot-cache";
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
  // Conditional writes (message still `sent`, health still what was read): two reports racing in
  // two processes never both apply, and no health change is lost; the loser reads again.
  return retryOnRace(async () => {
    const message = await db.message.findUnique({ where: { id: messageId, locationId }, select: messageSelect });
    if (!message) throw new AppError("not_found", "Message not found.");
    if (message.status === report.status) return messageView(message);
    if (message.status !== "sent") {
      const why =
        message.errorName && !message.deliveryError ? "it was never sent (no number was selected)" : `it is already ${message.status}`;
      throw new AppError("invalid_transition", `Cannot mark message ${report.status}: ${why}.`, { status: 409 });
    }
    const instance = message.instanceId
      ? await db.instance.findUnique({ where: { id: message.instanceId, locationId }, select: { id: true, healthScore: true } })
      : null;
    const healthScore = instance
      ? applyHealthEvent(instance.healthScore, report.status === "delivered" ? "delivered" : "delivery_failed")
      : null;
    const at = new Date(now);
    const { webhookUrl } = report.status === "failed" ? await getSnapshot(locationId) : { webhookUrl: null };
    const { row, queuedWebhook } = await db.$transaction(async (tx) => {
      const changed = await tx.message.updateMany({
        where: { id: messageId, locationId, status: "sent" },
        data:
          report.status === "delivered"
            ? { status: "delivered", deliveredAt: at }
            : { status: "failed", errorName: "delivery_failed", deliveryError: report.error ?? "Delivery failed" },
      });
      if (changed.count === 0) throw new LostRace();
      if (instance && healthScore !== null) {
        const health = await tx.instance.updateMany({
          where: { id: instance.id, locationId, healthScore: instance.healthScore },
          data: { healthScore },
        });
        if (health.count === 0) throw new LostRace();
      }
      let queuedWebhook = false;
      if (report.status === "failed") {
        const event = messageFailedEvent({
          messageId,
          channel: message.channel as Channel,
          contactId: message.contactId,
          contact: { id: message.contactId, phone: message.contact.phone },
          errorCode: "delivery_failed",
          errorName: "delivery_failed",
          message: report.error ?? "Delivery failed",
          rule: message.rule as RuleName | null,
          instance:
            message.instanceIndex === null
              ? null
              : { id: message.instanceId, index: message.instanceIndex, phone: message.instancePhone, label: message.instanceLabel ?? "" },
          at: at.toISOString(),
        });
        await appendEventOp(locationId, event, tx);
        queuedWebhook = (await enqueueWebhookOp({ locationId, webhookUrl }, event, at, tx)) !== null;
      }
      return { row: await tx.message.findUniqueOrThrow({ where: { id: messageId, locationId }, select: messageSelect }), queuedWebhook };
    });
    if (report.status === "failed") notifyEvents(locationId);
    if (queuedWebhook) notifyWebhooks();
    return messageView(row);
  });
}
