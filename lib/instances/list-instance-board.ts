import "server-only";
import { db } from "@/lib/db/client";
import { loadLocationSettings, startOfUtcDay } from "@/lib/dashboard/location-settings";
import { warmingInfo } from "@/lib/engine/warming";
import type { Channel, InstanceStatus, StatusReason } from "@/lib/engine/types";

export type InstanceBoardRow = Awaited<ReturnType<typeof listInstanceBoard>>["instances"][number];

/**
 * Everything the Instances page shows per number: live status, default, warming progress and
 * today's limit, health, assigned users and sends today — in three indexed queries.
 */
export async function listInstanceBoard(locationId: string, now = Date.now()) {
  const [settings, instances, sends] = await Promise.all([
    loadLocationSettings(locationId),
    db.instance.findMany({
      where: { locationId },
      orderBy: [{ channel: "asc" }, { index: "asc" }],
      include: { userInstances: { select: { user: { select: { id: true, name: true } } } } },
    }),
    // Counted as the routing snapshot counts them: every message that left through the number
    // today, a later delivery failure included (it still used the warming limit).
    db.message.groupBy({
      by: ["instanceId"],
      where: { locationId, createdAt: { gte: startOfUtcDay(now) }, errorName: null, instanceId: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const sendsById = new Map(sends.map((s) => [s.instanceId, s._count._all]));
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
