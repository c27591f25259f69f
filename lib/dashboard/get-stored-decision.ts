import "server-only";
import { db } from "@/lib/db/client";
import type { TraceEntry, Warning } from "@/lib/engine/types";

/** A decision as the UI shows it, whether stored with a message or computed by a dry run. */
export type DecisionView = {
  ok: boolean;
  channel: string;
  rule: string | null;
  instance: { id?: string | null; index: number; label: string; phone: string | null } | null;
  errorCode: number | string | null;
  errorName: string | null;
  requestedBody: string;
  body: string;
  trace: TraceEntry[];
  warnings: Warning[];
};

/** One message of the location with its stored decision (tenant-scoped: another location's id is not found). */
export async function getStoredDecision(locationId: string, messageId: string) {
  const m = await db.message.findFirst({
    where: { id: messageId, locationId },
    include: { contact: { select: { id: true, name: true, phone: true } } },
  });
  if (!m) return null;
  const decision: DecisionView = {
    ok: m.status !== "failed",
    channel: m.channel,
    rule: m.rule,
    instance: m.instanceIndex !== null ? { id: m.instanceId, index: m.instanceIndex, label: m.instanceLabel ?? "", phone: m.instancePhone } : null,
    errorCode: m.errorCode ?? (m.errorName && m.status === "failed" ? m.errorName : null),
    errorName: m.errorName,
    requestedBody: m.requestedBody,
    body: m.body,
    trace: JSON.parse(m.trace) as TraceEntry[],
    warnings: JSON.parse(m.warnings) as Warning[],
  };
  return {
    id: m.id, channel: m.channel, status: m.status, source: m.source, sourceRef: m.sourceRef,
    createdAt: m.createdAt.toISOString(), contact: m.contact, decision,
  };
}
