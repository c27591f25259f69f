import "server-only";
// A message's delivery timeline (SPEC §6): where it started — refused by the engine, queued for its
// gateway (an outbox item exists), scheduled for the send window, or sent at once (record-only) —
// then every recorded change (MessageStatusChange: status, time, who reported it, the gateway's
// words; a `scheduled` row from `system` is a send-window change that re-timed it, see
// lib/delivery/retime-scheduled.ts), oldest first.
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import type { MessageStatus } from "@/lib/domain";
import { AppError } from "@/lib/errors";

type TimelineEntry = {
  status: MessageStatus;
  at: string;
  /** `routing` for the first entry; else who reported the change: gateway | dispatcher | api | system. */
  source: string;
  detail: string | null;
};

export async function messageTimeline(options: { ctx: ServiceContext; messageId: string }): Promise<TimelineEntry[]> {
  const locationId = options.ctx.location.id;
  const message = await db.message.findUnique({
    where: { id: options.messageId, locationId },
    select: {
      status: true,
      createdAt: true,
      instanceId: true,
      errorName: true,
      outbox: { select: { id: true } },
      statusChanges: { orderBy: [{ at: "asc" }, { id: "asc" }], select: { status: true, at: true, source: true, detail: true } },
    },
  });
  if (!message) throw new AppError("not_found", "Message not found.");
  return [
    { ...startOf(message), at: message.createdAt.toISOString(), source: "routing" },
    ...message.statusChanges.map((c) => ({
      status: c.status as MessageStatus,
      at: c.at.toISOString(),
      source: c.source,
      detail: c.detail,
    })),
  ];
}

function startOf(message: { status: string; instanceId: string | null; errorName: string | null; outbox: { id: string } | null }): {
  status: MessageStatus;
  detail: string | null;
} {
  // The engine refused it: nothing was ever handed to a gateway.
  if (message.errorName && !message.instanceId && !message.outbox) return { status: "failed", detail: message.errorName };
  if (message.status === "scheduled") return { status: "scheduled", detail: "Held until the send window opens" };
  if (message.outbox) return { status: "queued", detail: "Waiting for its number's gateway and pacing slot" };
  return { status: "sent", detail: "Record-only number: an outside system delivers it" };
}
