import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { type AuditChange, auditEntryData } from "@/lib/audit/audit-entry-data";
import { db, type Prisma } from "@/lib/db/client";

export type { AuditChange };

/**
 * The audit entry of one configuration change, as a query to put in the same transaction as the
 * change itself: a change is never stored without its entry, nor an entry without its change.
 */
export function auditOp(ctx: ServiceContext, change: AuditChange, tx: Pick<Prisma.TransactionClient, "auditEntry"> = db) {
  return tx.auditEntry.create({ data: auditEntryData(ctx, change), select: { id: true } });
}
