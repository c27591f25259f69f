import "server-only";
import { alertSelect, alertView } from "@/lib/alerts/alert-view";
import { actorOf, type ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * An admin acknowledges a raised alert (SPEC §3 `POST /alerts/{id}/ack`): it leaves the bell's
 * count and stays in the list with who acknowledged it and when. Acknowledging twice keeps the
 * first acknowledgement. An acknowledged alert whose condition returns within its episode stays
 * acknowledged (the same episode); a new episode is a new alert.
 */
export async function acknowledgeAlert(options: { ctx: ServiceContext; alertId: string; now?: number }) {
  const { ctx, alertId } = options;
  const locationId = ctx.location.id;
  const row = await db.alert.findFirst({ where: { id: alertId, locationId, status: { in: ["open", "resolved"] } }, select: alertSelect });
  if (!row) throw new AppError("not_found", "Alert not found.");
  if (row.acknowledgedAt) return alertView(row);
  const at = new Date(options.now ?? Date.now());
  await db.$transaction([
    db.alert.updateMany({
      where: { id: alertId, locationId, acknowledgedAt: null },
      data: { acknowledgedAt: at, acknowledgedBy: actorOf(ctx).label },
    }),
    auditOp(ctx, { action: "alert.acknowledged", entityType: "alert", entityId: alertId, before: null, after: { kind: row.kind } }),
  ]);
  const updated = await db.alert.findUniqueOrThrow({ where: { id: alertId }, select: alertSelect });
  return alertView(updated);
}
