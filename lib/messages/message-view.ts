import "server-only";
import type { TraceEntry, Warning } from "@/lib/engine/types";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { DecisionView } from "@/lib/routing/decision-view";

export const messageSelect = {
  id: true,
  channel: true,
  contactId: true,
  status: true,
  rule: true,
  errorCode: true,
  errorName: true,
  instanceId: true,
  instanceIndex: true,
  instanceLabel: true,
  instancePhone: true,
  requestedBody: true,
  body: true,
  trace: true,
  warnings: true,
  source: true,
  sourceRef: true,
  deliveryError: true,
  deliveredAt: true,
  createdAt: true,
  contact: { select: { id: true, name: true, phone: true } },
} satisfies Prisma.MessageSelect;

type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

/**
 * A stored message with its decision, as the API answers it and the dashboard shows it (list,
 * detail, replay). `errorCode` is the number when there is one, else the named code (SPEC §3):
 * ambiguous_override, empty_body, or transport_failed / delivery_failed for a failure after routing.
 */
export function messageView(row: MessageRow) {
  const decision: DecisionView = {
    channel: row.channel,
    rule: row.rule,
    instance:
      row.instanceIndex === null
        ? null
        : { id: row.instanceId, index: row.instanceIndex, label: row.instanceLabel ?? "", phone: row.instancePhone },
    errorCode: row.errorCode ?? row.errorName,
    errorName: row.errorName,
    requestedBody: row.requestedBody,
    body: row.body,
    trace: JSON.parse(row.trace) as TraceEntry[],
    warnings: JSON.parse(row.warnings) as Warning[],
  };
  return {
    id: row.id,
    contactId: row.contactId,
    contact: row.contact,
    status: row.status,
    ...decision,
    source: row.source,
    sourceRef: row.sourceRef,
    deliveryError: row.deliveryError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export type MessageView = ReturnType<typeof messageView>;
