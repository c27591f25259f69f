import "server-only";
// A contact's thread: the messages we sent it and the messages it sent us, newest first, one list
// (SPEC §1: an inbound message is "shown in its thread"). Keyset-paginated over both tables at once:
// each page reads at most `limit + 1` rows of each after the cursor's (time, id), merges them in the
// same order and keeps `limit` — the next page starts after the last one shown, whichever table it was.
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import type { MessageStatus } from "@/lib/domain";
import type { Channel } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { afterCursor, decodeCursor, pageOf } from "@/lib/pagination/cursor";

type ThreadInstance = { id: string | null; index: number; phone: string | null; label: string };

type ThreadItem = {
  id: string;
  direction: "outbound" | "inbound";
  channel: Channel;
  /** The number that sent it (outbound) or that it was sent to (inbound); null when no number was selected. */
  instance: ThreadInstance | null;
  /** Outbound: the message's delivery status; inbound: `received`. */
  status: MessageStatus | "received";
  body: string;
  /** Outbound: the failure's reason (engine error or the gateway's), if it failed. */
  error: string | null;
  at: string;
};

export async function contactThread(options: { ctx: ServiceContext; contactId: string; cursor?: string; limit?: number }) {
  const locationId = options.ctx.location.id;
  const limit = options.limit ?? 50;
  const contact = await db.contact.findUnique({ where: { id: options.contactId, locationId }, select: { id: true } });
  if (!contact) throw new AppError("not_found", "Contact not found.");
  const cursor = decodeCursor(options.cursor, "date");
  // Both tables are read alike: the contact's rows after the cursor, in (time, id) descending order, one more than a page.
  const pageAfterCursor = <Where>(time: keyof Where & string) => ({
    where: { locationId, contactId: contact.id, ...afterCursor<Where>(time, cursor, "desc") },
    orderBy: [{ [time]: "desc" as const }, { id: "desc" as const }],
    take: limit + 1,
  });
  const [sent, received] = await Promise.all([
    db.message.findMany({
      ...pageAfterCursor<Prisma.MessageWhereInput>("createdAt"),
      select: {
        id: true,
        channel: true,
        status: true,
        body: true,
        requestedBody: true,
        errorName: true,
        deliveryError: true,
        instanceId: true,
        instanceIndex: true,
        instancePhone: true,
        instanceLabel: true,
        createdAt: true,
      },
    }),
    db.inboundMessage.findMany({
      ...pageAfterCursor<Prisma.InboundMessageWhereInput>("receivedAt"),
      select: {
        id: true,
        channel: true,
        body: true,
        receivedAt: true,
        instance: { select: { id: true, index: true, phone: true, label: true } },
      },
    }),
  ]);
  const items: (ThreadItem & { time: Date })[] = [
    ...sent.map((m) => ({
      id: m.id,
      direction: "outbound" as const,
      channel: m.channel as Channel,
      instance:
        m.instanceIndex === null
          ? null
          : { id: m.instanceId, index: m.instanceIndex, phone: m.instancePhone, label: m.instanceLabel ?? "" },
      status: m.status as MessageStatus,
      body: m.body || m.requestedBody,
      error: m.status === "failed" ? (m.deliveryError ?? m.errorName) : null,
      at: m.createdAt.toISOString(),
      time: m.createdAt,
    })),
    ...received.map((m) => ({
      id: m.id,
      direction: "inbound" as const,
      channel: m.channel as Channel,
      instance: m.instance,
      status: "received" as const,
      body: m.body,
      error: null,
      at: m.receivedAt.toISOString(),
      time: m.receivedAt,
    })),
  ];
  // The order both queries read in: time, then id, descending.
  items.sort((a, b) => b.time.getTime() - a.time.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = pageOf(items, limit, (item) => item.time);
  return { data: page.rows.map(({ time: _time, ...item }) => item), nextCursor: page.nextCursor };
}
