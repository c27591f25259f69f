import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";
import { LostRace, retryOnRace } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { instanceSelect, instanceView } from "@/lib/instances/instance-view";
import { invalidateSnapshot } from "@/lib/routing/snapshot-cache";

/** Deletes an instance; the channel's default only with `force` (the channel then has none). */
export async function deleteInstance(options: { ctx: ServiceContext; instanceId: string; force?: boolean }) {
  const { ctx, instanceId } = options;
  const locationId = ctx.location.id;
  return retryOnRace(async () => {
    const row = await db.instance.findUnique({ where: { id: instanceId, locationId }, select: instanceSelect });
    if (!row) throw new AppError("not_found", "Instance not found.");
    if (row.isDefault && !options.force) {
      throw new AppError(
        "instance_is_default",
        `Instance #${row.index} is the ${row.channel} default: mark another default first, or delete with force=true.`,
        { status: 409 },
      );
    }
    const before = instanceView(row);
    // Conditional on what was checked: a default marked meanwhile (any process) is not deleted.
    await db.$transaction(async (tx) => {
      const deleted = await tx.instance.deleteMany({
        where: { id: instanceId, locationId, ...(options.force ? {} : { isDefault: false }) },
      });
      if (deleted.count === 0) throw new LostRace();
      await auditOp(ctx, { action: "instance.deleted", entityType: "instance", entityId: instanceId, before, after: null }, tx);
    });
    invalidateSnapshot(locationId);
    return before;
  });
}
