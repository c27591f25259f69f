import "server-only";
import { db } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { AppError } from "@/lib/errors";
import { instanceSelect, instanceView } from "@/lib/instances/instance-view";
import { withLocationLock } from "@/lib/routing/location-lock";
import { invalidateSnapshot } from "@/lib/routing/snapshot-cache";

/** Deletes an instance; the channel's default only with `force` (the channel then has none). */
export async function deleteInstance(options: { ctx: ServiceContext; instanceId: string; force?: boolean }) {
  const { ctx, instanceId } = options;
  const locationId = ctx.location.id;
  return withLocationLock(locationId, async () => {
    const row = await db.instance.findUnique({ where: { id: instanceId, locationId }, select: instanceSelect });
    if (!row) throw new AppError("not_found", "Instance not found.");
    if (row.isDefault && !options.force) {
      throw new AppError("instance_is_default", `Instance #${row.index} is the ${row.channel} default: mark another default first, or delete with force=true.`, { status: 409 });
    }
    const before = instanceView(row);
    await db.$transaction([
      db.instance.delete({ where: { id: instanceId, locationId } }),
      auditOp(ctx, { action: "instance.deleted", entityType: "instance", entityId: instanceId, before, after: null }),
    ]);
    invalidateSnapshot(locationId);
    return before;
  });
}
