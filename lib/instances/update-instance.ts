import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";
import { retryOnRace } from "@/lib/db/errors";
import type { Channel } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import type { UpdateInstancePatch } from "@/lib/instances/instance.schema";
import { instanceSelect, instanceView } from "@/lib/instances/instance-view";
import { invalidateSnapshot } from "@/lib/routing/snapshot-cache";

/**
 * Label, default flag, warming override and assigned users, in one transaction with its audit
 * entry. Marking a default unsets the channel's previous one in the same transaction (the unique
 * index on defaultChannel would refuse two). Assigning a user moves them off their previous
 * instance on this channel (a user has at most one per channel).
 */
export async function updateInstance(options: { ctx: ServiceContext; instanceId: string; patch: UpdateInstancePatch }) {
  const { ctx, instanceId, patch } = options;
  const locationId = ctx.location.id;
  // Two processes marking defaults at once: the unique index on defaultChannel refuses the later
  // one, which runs again and unsets the earlier.
  return retryOnRace(async () => {
    const row = await db.instance.findUnique({ where: { id: instanceId, locationId }, select: instanceSelect });
    if (!row) throw new AppError("not_found", "Instance not found.");
    const channel = row.channel as Channel;
    const userIds = patch.assignedUserIds ? [...new Set(patch.assignedUserIds)] : undefined;
    if (userIds?.length) {
      const members = await db.membership.findMany({
        where: { locationId, active: true, userId: { in: userIds } },
        select: { userId: true },
      });
      const known = new Set(members.map((m) => m.userId));
      const missing = userIds.find((u) => !known.has(u));
      if (missing)
        throw new AppError("not_found", `User ${missing} not found in this location.`, { details: { field: "assignedUserIds" } });
    }
    const ops = [];
    if (patch.isDefault === true && !row.isDefault) {
      ops.push(
        db.instance.updateMany({ where: { locationId, channel, isDefault: true }, data: { isDefault: false, defaultChannel: null } }),
      );
    }
    ops.push(
      db.instance.update({
        where: { id: instanceId, locationId },
        data: {
          label: patch.label,
          warmingDays: patch.warmingDays,
          ...(patch.isDefault === undefined ? {} : { isDefault: patch.isDefault, defaultChannel: patch.isDefault ? channel : null }),
        },
      }),
    );
    if (userIds) {
      ops.push(db.userInstance.deleteMany({ where: { locationId, instanceId, userId: { notIn: userIds } } }));
      for (const userId of userIds) {
        ops.push(
          db.userInstance.upsert({
            where: { locationId_userId_channel: { locationId, userId, channel } },
            create: { locationId, userId, channel, instanceId },
            update: { instanceId },
          }),
        );
      }
    }
    const before = instanceView(row);
    const after = {
      ...before,
      ...(patch.label === undefined ? {} : { label: patch.label }),
      ...(patch.warmingDays === undefined ? {} : { warmingDays: patch.warmingDays }),
      ...(patch.isDefault === undefined ? {} : { isDefault: patch.isDefault }),
      ...(userIds ? { assignedUserIds: userIds } : {}),
    };
    ops.push(
      auditOp(ctx, {
        action: "instance.updated",
        entityType: "instance",
        entityId: instanceId,
        before: auditable(before),
        after: auditable(after),
      }),
    );
    await db.$transaction(ops);
    invalidateSnapshot(locationId);
    const updated = await db.instance.findUniqueOrThrow({ where: { id: instanceId, locationId }, select: instanceSelect });
    return instanceView(updated);
  });
}

function auditable(view: ReturnType<typeof instanceView>) {
  return { label: view.label, isDefault: view.isDefault, warmingDays: view.warmingDays, assignedUserIds: view.assignedUserIds };
}
