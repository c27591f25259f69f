import "server-only";
// A send-window change re-times the location's scheduled messages (SPEC §3, §6), in the settings
// change's own transaction: a message held for the old window leaves at the new window's next
// opening from now — or now, when the window is cleared or open now. Only messages still
// `scheduled` whose outbox item is pending move; one already released (sent, failed, or its item
// closed) is never touched.
//
// Decisions:
// - Every moved message gets one timeline row (MessageStatusChange, status `scheduled`, source
//   `system`) saying when it is now due: the message's own "held until the send window opens"
//   stays true, and its history says the time moved and why. It is a note, not a status change,
//   so it does not go through lib/delivery/message-status.ts (that path moves a status forward
//   and emits `message.status_changed`; the status here stays `scheduled`).
// - All the location's scheduled items get the same time: their pacing slots, given when they
//   were decided, are not carried over. The dispatcher still takes each paced number's send slot
//   before every send (last send + interval), so they do not leave in a burst; the hourly and
//   new-contact counts stay in the hours they were counted in.
// - Two processes: on PostgreSQL the UPDATE locks the items it moves, so a dispatcher's claim
//   (FOR UPDATE SKIP LOCKED) either took an item before (then the item is in flight and its
//   release keeps the later time: lib/db/outbox-store `release`) or sees the new time after
//   commit; an item whose `sent` committed first is no longer pending and is skipped. On SQLite
//   the transaction holds the database's write lock.
import type { Prisma } from "@/lib/db/client";
import { nextOpening } from "@/lib/delivery/send-window";
import type { SendWindow } from "@/lib/delivery/send-window.schema";

/** When the location's scheduled messages may leave under `window` (null: no window), from `now`. */
function releaseTime(window: SendWindow | null, now: number): number {
  return window ? nextOpening(window, now) : now;
}

/** The timeline note of a message the window change moved. */
function rescheduledDetail(dueAt: number, now: number): string {
  return dueAt <= now
    ? "Rescheduled: the send window changed; it leaves now"
    : `Rescheduled: the send window changed; it leaves at ${new Date(dueAt).toISOString()}`;
}

/**
 * Moves the pending items of the location's `scheduled` messages to the new window's release
 * time and writes each one's timeline note. Runs inside the caller's transaction. Returns how many moved.
 */
export async function retimeScheduled(
  tx: Pick<Prisma.TransactionClient, "outboxItem" | "messageStatusChange">,
  options: { locationId: string; window: SendWindow | null; now: number },
): Promise<number> {
  const { locationId, now } = options;
  const dueAt = releaseTime(options.window, now);
  const moved = await tx.outboxItem.updateManyAndReturn({
    where: { locationId, state: "pending", message: { status: "scheduled" } },
    data: { nextAttemptAt: new Date(dueAt) },
    select: { messageId: true },
  });
  if (!moved.length) return 0;
  const detail = rescheduledDetail(dueAt, now);
  await tx.messageStatusChange.createMany({
    data: moved.map((m) => ({
      locationId,
      messageId: m.messageId,
      status: "scheduled",
      detail,
      source: "system",
      at: new Date(now),
    })),
  });
  return moved.length;
}
