import "server-only";
import { db } from "@/lib/db/client";
import { getLiveSnapshot } from "@/lib/routing/snapshot-cache";
import { warmingInfo } from "@/lib/engine/warming";
import type { Channel, InstanceStatus, StatusReason } from "@/lib/engine/types";

export type InstanceBoardRow = Awaited<ReturnType<typeof listInstanceBoard>>["instances"][number];

/**
 * Everything the Instances page shows per number: live status, default, warming progress and
 * today's limit, health, assigned users and sends today — one query plus the routing snapshot.
 */
export async function listInstanceBoard(locationId: string, now = Date.now()) {
  const [{ entry: { snapshot: settings } }, instances] = await Promise.all([
    getLiveSnapshot(locationId, now),
    db.instance.findMany({
      where: { locationId },
      orderBy: [{ channel: "asc" }, { index: "asc" }],
      include: { userInstances: { select: { user: { select: { id: true, name: true } } } } },
    }),
  ]);
  // Sends today exactly as routing counts them against warming limits: the live send counters.
  const sendsById = new Map(settings.instances.map((i) => [i.id, i.sendsToday]));
  return {
    settings: { minHealth: settings.minHealth, warmingDays: settings.warmingDays, rotationStrategy: settings.rotationStrategy },
    instances: instances.map((i) => {
      const warming = warmingInfo(
        { firstConnectedAt: i.firstConnectedAt?.getTime() ?? null, warmingDays: i.warmingDays },
        settings,
        now,
      );
      return {
        id: i.id,
        channel: i.channel as Channel,
        index: i.index,
        label: i.label,
        phone: i.phone,
        status: i.status as InstanceStatus,
        statusReason: i.statusReason as StatusReason | null,
        statusChangedAt: i.statusChangedAt.toISOString(),
        isDefault: i.isDefault,
        warmingDaysOverride: i.warmingDays,
        healthScore: i.healthScore,
        sendsToday: sendsById.get(i.id) ?? 0,
        warming: { warming: warming.warming, day: warming.day, days: warming.warmingDays, dailyLimit: warming.dailyLimit },
        assignedUsers: i.userInstances.map((u) => u.user),
      };
    }),
  };
}

/** Status history of one instance, newest first (tenant-scoped). */
export async function listInstanceHistory(locationId: string, instanceId: string, take = 100) {
  const events = await db.instanceEvent.findMany({
    where: { locationId, instanceId },
    orderBy: { at: "desc" },
    take,
    select: { id: true, fromStatus: true, fromReason: true, toStatus: true, toReason: true, source: true, at: true },
  });
  return events.map((e) => ({ ...e, at: e.at.toISOString() }));
}
