import "server-only";
import { db, type Prisma } from "@/lib/db/client";
import { type ServiceContext, actorOf } from "@/lib/audit/actor";

export type AuditChange = {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

/**
 * The audit entry of one configuration change, as a query to put in the same transaction as the
 * change itself: a change is never stored without its entry, nor an entry without its change.
 */
export function auditOp(ctx: ServiceContext, change: AuditChange, tx: Pick<Prisma.TransactionClient, "auditEntry"> = db) {
  const actor = actorOf(ctx);
  return tx.auditEntry.create({
    data: {
      locationId: ctx.location.id,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      before: change.before === undefined ? null : JSON.stringify(change.before),
      after: change.after === undefined ? null : JSON.stringify(change.after),
    },
    select: { id: true },
  });
}
