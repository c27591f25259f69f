import "server-only";
import { checkAlertsSoon } from "@/lib/alerts/alert-sweeper";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { LostRace, retryOnRace } from "@/lib/db/errors";
import type { StatusSource } from "@/lib/domain";
import { applyHealthEvent, healthEventForStatus } from "@/lib/engine/health";
import type { Channel, InstanceStatus, StatusReason } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import { appendEventOp } from "@/lib/events/append-event";
import type { DomainEvent } from "@/lib/events/event-types";
import { notifyEvents, notifyWebhooks } from "@/lib/events/notifier";
import { instanceSelect, instanceView } from "@/lib/instances/instance-view";
import { checkTransition, sameState } from "@/lib/instances/status-machine";
import { getSnapshot } from "@/lib/routing/snapshot-cache";
import { enqueueWebhookOp } from "@/lib/webhooks/enqueue-webhook";

/**
 * A status report (from a gateway, an admin or the system). Out-of-order reports (`at` older
 * than the instance's last change) are ignored; a report of the current state changes nothing;
 * a transition outside the machine is refused with 409 invalid_transition and changes nothing.
 * Otherwise, in one transaction: the instance, its health, an instance event, a live event and
 * the outbound webhook. The update is conditional on the state that was checked: a report that
 * raced another (any process) is checked again against the new state.
 */
export async function reportInstanceStatus(options: {
  ctx: ServiceContext;
  instanceId: string;
  report: { status: InstanceStatus; reason?: StatusReason | null; at?: string };
  source: StatusSource;
  /** Admins (and API keys, which hold admin rights) may reset a banned instance. */
  admin: boolean;
  now?: number;
}) {
  const { ctx, instanceId, report } = options;
  const locationId = ctx.location.id;
  const now = options.now ?? Date.now();
  return retryOnRace(async () => {
    const row = await db.instance.findUnique({ where: { id: instanceId, locationId }, select: instanceSelect });
    if (!row) throw new AppError("not_found", "Instance not found.");
    const at = report.at ? new Date(Math.min(Date.parse(report.at), now)) : new Date(now);
    const from = { status: row.status as InstanceStatus, reason: row.statusReason as StatusReason | null };
    const to = { status: report.status, reason: report.reason ?? null };
    if (at < row.statusChangedAt) return { applied: false as const, ignored: "out_of_order" as const, instance: instanceView(row) };
    if (sameState(from, to)) return { applied: false as const, ignored: "unchanged" as const, instance: instanceView(row) };
    const check = checkTransition(from, to, { admin: options.admin });
    if (!check.ok)
      throw new AppError("invalid_transition", check.message, {
        status: 409,
        details: { from: from.status, fromReason: from.reason, to: to.status, toReason: to.reason },
      });

    const healthEvent = check.adminReset ? "admin_reset" : healthEventForStatus(to.status, to.reason);
    const healthScore = healthEvent ? applyHealthEvent(row.healthScore, healthEvent) : row.healthScore;
    const firstConnectedAt = row.firstConnectedAt ?? (to.status === "connected" ? at : null);
    const source: StatusSource = check.adminReset ? "admin" : options.source;
    const event: DomainEvent = {
      type: "instance.status_changed",
      data: {
        instanceId,
        channel: row.channel as Channel,
        index: row.index,
        phone: row.phone,
        label: row.label,
        from: from.status,
        fromReason: from.reason,
        to: to.status,
        reason: to.reason,
        source,
        healthScore,
        at: at.toISOString(),
      },
    };
    const { webhookUrl } = await getSnapshot(locationId);
    const { updated, webhook } = await db.$transaction(async (tx) => {
      const changed = await tx.instance.updateMany({
        where: {
          id: instanceId,
          locationId,
          status: row.status,
          statusReason: row.statusReason,
          statusChangedAt: row.statusChangedAt,
          healthScore: row.healthScore,
        },
        data: { status: to.status, statusReason: to.reason, statusChangedAt: at, healthScore, firstConnectedAt },
      });
      if (changed.count === 0) throw new LostRace();
      await tx.instanceEvent.create({
        data: {
          locationId,
          instanceId,
          fromStatus: from.status,
          fromReason: from.reason,
          toStatus: to.status,
          toReason: to.reason,
          source,
          at,
        },
      });
      await appendEventOp(locationId, event, tx);
      const webhook = await enqueueWebhookOp({ locationId, webhookUrl }, event, new Date(now), tx);
      return { updated: await tx.instance.findUniqueOrThrow({ where: { id: instanceId, locationId }, select: instanceSelect }), webhook };
    });
    notifyEvents(locationId);
    if (webhook) notifyWebhooks();
    checkAlertsSoon(locationId);
    return { applied: true as const, ignored: null, instance: instanceView(updated), channel: row.channel as Channel };
  });
}
