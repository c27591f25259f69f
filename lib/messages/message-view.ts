import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TraceEntry, Warning } from "@/lib/engine/types";

type MessageRow = Prisma.MessageGetPayload<object>;
const NAMED_CODES = new Set(["ambiguous_override", "empty_body"]);

/** A stored message with its decision, as the API answers it. */
export function messageView(row: MessageRow) {
  return {
    id: row.id,
    channel: row.channel,
    contactId: row.contactId,
    status: row.status,
    rule: row.rule,
    instance: row.instanceIndex === null ? null : { id: row.instanceId, index: row.instanceIndex, phone: row.instancePhone, label: row.instanceLabel },
    errorCode: row.errorCode ?? (row.errorName && NAMED_CODES.has(row.errorName) ? row.errorName : null),
    errorName: row.errorName,
    requestedBody: row.requestedBody,
    body: row.body,
    trace: JSON.parse(row.trace) as TraceEntry[],
    warnings: JSON.parse(row.warnings) as Warning[],
    source: row.source,
    sourceRef: row.sourceRef,
    deliveryError: row.deliveryError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export type MessageView = ReturnType<typeof messageView>;
