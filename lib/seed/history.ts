// A few days of message history and status events, routed by the real engine so every stored
// trace is one the product would really have produced.

import { selectInstance } from "@/lib/engine/select";
import { DAY_MS, HOUR_MS } from "@/lib/engine/time";
import type { Channel, RotationState } from "@/lib/engine/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { toEngineSnapshot } from "@/lib/routing/to-engine-snapshot";
import { prng } from "@/lib/seed/prng";

// Most messages carry no pattern; some use the seeds' overrides, and a few point at
// instances that do not exist, so the log and the charts show errors too.
const PLAIN: Record<Channel, string[]> = {
  whatsapp: ["Your order #{n} has shipped!", "Thanks for reaching out, we'll reply shortly.", "Your invoice #{n} is ready."],
  imessage: ["Your return label is attached.", "Thanks! We received your photos."],
  sms: ["Your code is {n}", "Delivery window: 2-4pm today"],
};
const PATTERNED: Record<Channel, string[]> = {
  whatsapp: [
    "Hi! Your invoice is ready {{ WA#3 }}",
    "Flash sale this weekend {{ WA#1 }}",
    "Quick question about your order {{ WA#2 }}",
    "Reminder: your appointment is tomorrow {WA#9}",
  ],
  imessage: ["Quick update from our support line {TEMP-IM#3}", "Following up {IM#2}"],
  sms: ["Your code is {n}"],
};

const DELIVERY_DELAY_MS = 40_000;

function pickBody(channel: Channel, rand: () => number, n: number) {
  const list = rand() < 0.25 ? PATTERNED[channel] : PLAIN[channel];
  return list[Math.floor(rand() * list.length)].replace("{n}", String(n));
}

export async function seedHistory(db: PrismaClient, locationId: string, now: Date, days = 4) {
  const rand = prng(locationId.length * 31 + days);
  const location = await db.location.findUniqueOrThrow({
    where: { id: locationId },
    include: { instances: { include: { userInstances: true } } },
  });
  await seedStatusEvents(db, location.instances, now, rand);
  const contacts = await db.contact.findMany({ where: { locationId }, include: { tags: { orderBy: { position: "asc" } } } });
  let rotation: RotationState = {};
  // Today's routed messages become the send counters the engine reads (warming limits, least used).
  const today = now.toISOString().slice(0, 10);
  const sendsToday = new Map<string, { channel: Channel; sends: number }>();
  for (let d = days - 1; d >= 0; d--) {
    const perDay = 40 + Math.floor(rand() * 30);
    for (let i = 0; i < perDay; i++) {
      const at = now.getTime() - d * DAY_MS - Math.floor(rand() * (d === 0 ? 8 : 23) * HOUR_MS);
      const channel: Channel = rand() < 0.7 ? "whatsapp" : rand() < 0.6 ? "imessage" : "sms";
      const contact = contacts[Math.floor(rand() * contacts.length)];
      const body = pickBody(channel, rand, 1000 + i);
      const decision = selectInstance({
        channel,
        body,
        from: null,
        now: at,
        rotation,
        contact: { id: contact.id, phone: contact.phone, tags: contact.tags.map((t) => t.value), assignedUserId: contact.assignedUserId },
        location: toEngineSnapshot(location, location.instances, new Map()),
      });
      if (decision.ok) rotation = decision.nextRotation;
      if (decision.ok && new Date(at).toISOString().slice(0, 10) === today) {
        const counter = sendsToday.get(decision.instance.id) ?? { channel, sends: 0 };
        counter.sends += 1;
        sendsToday.set(decision.instance.id, counter);
      }
      const instance = decision.ok ? decision.instance : decision.resolvedInstance;
      const status = decision.ok ? (rand() < 0.85 ? "delivered" : "sent") : "failed";
      await db.message.create({
        data: {
          locationId,
          channel,
          contactId: contact.id,
          instanceId: decision.ok ? decision.instance.id : null,
          instanceIndex: instance?.index ?? null,
          instancePhone: instance?.phone ?? null,
          instanceLabel: instance?.label ?? null,
          status,
          rule: decision.rule,
          errorCode: decision.ok ? null : typeof decision.error.code === "number" ? decision.error.code : null,
          errorName: decision.ok ? null : decision.error.name,
          requestedBody: decision.requestedBody,
          body: decision.body,
          trace: JSON.stringify(decision.trace),
          warnings: JSON.stringify(decision.warnings),
          source: rand() < 0.8 ? "api" : "dashboard",
          createdAt: new Date(at),
          statusChangedAt: new Date(at + (status === "delivered" ? DELIVERY_DELAY_MS : 0)),
          // A delivered message's timeline: the gateway's report shortly after (lib/messages/message-timeline).
          ...(status === "delivered" && {
            deliveredAt: new Date(at + DELIVERY_DELAY_MS),
            statusChanges: {
              create: { locationId, status: "delivered", source: "gateway", at: new Date(at + DELIVERY_DELAY_MS) },
            },
          }),
        },
      });
    }
  }
  for (const [channel, state] of Object.entries(rotation)) {
    await db.rotationState.create({ data: { locationId, channel, state: JSON.stringify(state) } });
  }
  for (const [instanceId, { channel, sends }] of sendsToday) {
    await db.sendCounter.create({ data: { instanceId, locationId, channel, day: today, sends } });
  }
}

type InstanceRow = Awaited<ReturnType<PrismaClient["instance"]["findMany"]>>[number] & { userInstances: { userId: string }[] };

async function seedStatusEvents(db: PrismaClient, instances: InstanceRow[], now: Date, rand: () => number) {
  for (const inst of instances) {
    const start = inst.firstConnectedAt ?? new Date(now.getTime() - 3 * DAY_MS);
    const steps: [string, string | null, string, string | null, number][] = [
      ["qr_pending", null, "connecting", null, start.getTime() - 60_000],
      ["connecting", null, "connected", null, start.getTime()],
    ];
    if (rand() < 0.5) {
      const drop = now.getTime() - Math.floor(rand() * 3 * DAY_MS) - HOUR_MS;
      steps.push(["connected", null, "disconnected", "transient", drop], ["disconnected", "transient", "connecting", null, drop + 40_000]);
      steps.push(["connecting", null, "connected", null, drop + 60_000]);
    }
    if (inst.status === "disconnected") {
      steps.push(["connected", null, "disconnected", inst.statusReason, now.getTime() - Math.floor(rand() * 6 * HOUR_MS)]);
    }
    for (const [fromStatus, fromReason, toStatus, toReason, at] of steps) {
      await db.instanceEvent.create({
        data: {
          locationId: inst.locationId,
          instanceId: inst.id,
          fromStatus,
          fromReason,
          toStatus,
          toReason,
          source: "gateway",
          at: new Date(at),
        },
      });
    }
    await db.instance.update({ where: { id: inst.id }, data: { statusChangedAt: new Date(steps[steps.length - 1][4]) } });
  }
}
