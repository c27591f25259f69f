import "server-only";
import { db } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/audit/actor";

/** The location's audit log, newest first (for the Settings page). */
export async function listAuditEntries(options: { ctx: ServiceContext; take?: number; entityType?: string; entityId?: string }) {
  const rows = await db.auditEntry.findMany({
    where: { locationId: options.ctx.location.id, entityType: options.entityType, entityId: options.entityId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(options.take ?? 100, 500),
  });
  return rows.map((r) => ({
    id: r.id,
    actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    createdAt: r.createdAt.toISOString(),
  }));
}
