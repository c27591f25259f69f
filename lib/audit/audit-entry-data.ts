// The row of one audit entry. Pure (no "server-only", no client), so the services that run in the
// CLI as well as in the app (lib/members) write the same entries as auditOp does.
import { actorOf, type ServiceContext } from "@/lib/audit/actor";

export type AuditChange = {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

export function auditEntryData(ctx: ServiceContext, change: AuditChange) {
  const actor = actorOf(ctx);
  return {
    locationId: ctx.location.id,
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    before: change.before === undefined ? null : JSON.stringify(change.before),
    after: change.after === undefined ? null : JSON.stringify(change.after),
  };
}
