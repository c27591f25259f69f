// A few contacts who wrote back: inbound replies a little after our latest delivered WhatsApp or
// iMessage message to them, and the conversation binding each reply leaves (SPEC §1), so the
// contact thread and the bindings show real data in the demo.
import type { PrismaClient } from "@/lib/generated/prisma/client";

const MINUTE_MS = 60_000;

const REPLIES = [
  "Thanks! When will it arrive?",
  "Got it, can I change the delivery address?",
  "Perfect, thank you 🙏",
  "Is the invoice in EUR or USD?",
  "Can someone call me back?",
];

export async function seedConversations(db: PrismaClient, locationId: string, contacts = 5) {
  const recent = await db.message.findMany({
    where: { locationId, status: "delivered", channel: { in: ["whatsapp", "imessage"] }, instanceId: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { contactId: true, channel: true, instanceId: true, createdAt: true },
    take: 60,
  });
  const seen = new Set<string>();
  for (const message of recent) {
    if (seen.size >= contacts) break;
    if (seen.has(message.contactId) || !message.instanceId) continue;
    seen.add(message.contactId);
    const reply = seen.size - 1;
    const at = new Date(message.createdAt.getTime() + (3 + reply * 4) * MINUTE_MS);
    await db.inboundMessage.create({
      data: {
        locationId,
        channel: message.channel,
        contactId: message.contactId,
        instanceId: message.instanceId,
        body: REPLIES[reply % REPLIES.length],
        providerMessageId: `demo-in-${locationId.slice(-6)}-${reply}`,
        receivedAt: at,
      },
    });
    await db.conversationBinding.create({
      data: { contactId: message.contactId, channel: message.channel, locationId, instanceId: message.instanceId, at, source: "inbound" },
    });
  }
}
