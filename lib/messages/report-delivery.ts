import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { reportMessageStatus } from "@/lib/delivery/message-status";
import { MESSAGE_STATUS_RANK, type MessageStatus } from "@/lib/domain";
import { AppError } from "@/lib/errors";
import type { DeliveryReport } from "@/lib/messages/message.schema";
import { messageSelect, messageView } from "@/lib/messages/message-view";
import { getSnapshot } from "@/lib/routing/snapshot-cache";

/**
 * A delivery report over the API (POST /messages/{id}/delivery): delivered, read or failed, applied
 * through the one status-change path every report takes (lib/delivery/message-status.ts: timeline
 * row, `message.status_changed`, health — delivered +2, failed −10 — and the failure webhook).
 * Stricter than a gateway's webhook, because the caller can be told: a repeat of the current
 * status answers the message unchanged; a step back (delivered after read), a failure after
 * delivery, anything after a failure, or a message no number was selected for → 409.
 */
export async function reportDelivery(options: { ctx: ServiceContext; messageId: string; report: DeliveryReport }) {
  const { ctx, messageId, report } = options;
  const locationId = ctx.location.id;
  const read = async () => {
    const row = await db.message.findUnique({ where: { id: messageId, locationId }, select: messageSelect });
    if (!row) throw new AppError("not_found", "Message not found.");
    return row;
  };
  const message = await read();
  if (message.status === report.status) return messageView(message);
  refuseTransition(message, report.status);
  const { webhookUrl } = await getSnapshot(locationId);
  const result = await reportMessageStatus({
    ctx,
    webhookUrl,
    change: { messageId, to: report.status, detail: report.error ?? null, failure: "delivery_failed" },
  });
  const after = await read();
  // Another report got there between our read and the change: judge this one against it.
  if (result.outcome === "unchanged" && after.status !== report.status) refuseTransition(after, report.status);
  return messageView(after);
}

function refuseTransition(
  message: { status: string; errorName: string | null; deliveryError: string | null },
  to: DeliveryReport["status"],
) {
  const from = message.status as MessageStatus;
  // Refused by the engine: failed with a selection error and no gateway's reason.
  const neverSent = from === "failed" && message.errorName !== null && message.deliveryError === null;
  const refused =
    neverSent ||
    from === "failed" ||
    (to === "failed" ? MESSAGE_STATUS_RANK[from] >= MESSAGE_STATUS_RANK.delivered : MESSAGE_STATUS_RANK[to] <= MESSAGE_STATUS_RANK[from]);
  if (!refused) return;
  const why = neverSent ? "it was never sent (no number was selected)" : `it is already ${from}`;
  throw new AppError("invalid_transition", `Cannot mark message ${to}: ${why}.`, { status: 409 });
}
