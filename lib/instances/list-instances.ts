import "server-only";
import { appOrigin } from "@/lib/api/app-origin";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { readHeadroom } from "@/lib/delivery/headroom";
import type { Channel } from "@/lib/engine/types";
import { warmingInfo } from "@/lib/engine/warming";
import { connectionView, instanceSelect, instanceView } from "@/lib/instances/instance-view";
import { getLiveSnapshot } from "@/lib/routing/snapshot-cache";

export type LiveInstanceView = Awaited<ReturnType<typeof listInstances>>["instances"][number];

/**
 * The location's instances (GET /instances, the Instances, Overview, Contacts, Messages and
 * Routing pages), by channel and index, each with what routing sees now: sends today as the live
 * counters count them against warming limits, and the warming day and today's limit — plus the
 * location settings those are measured against — and its gateway connection (never its
 * credentials), the pacing in force and the headroom left under it. `baseUrl`: the app's public
 * origin the inbound URLs are built on (lib/api/app-origin).
 */
export async function listInstances(options: {
  ctx: ServiceContext;
  channel?: Channel;
  instanceId?: string;
  now?: number;
  baseUrl?: string;
}) {
  const locationId = options.ctx.location.id;
  const now = options.now ?? Date.now();
  const baseUrl = options.baseUrl ?? appOrigin();
  const [rows, { entry }, location] = await Promise.all([
    db.instance.findMany({
      where: { locationId, channel: options.channel, id: options.instanceId },
      orderBy: [{ channel: "asc" }, { index: "asc" }],
      select: instanceSelect,
    }),
    getLiveSnapshot(locationId, now),
    db.location.findUniqueOrThrow({
      where: { id: locationId },
      select: { pacingMinIntervalSeconds: true, pacingJitterSeconds: true, pacingHourlyLimit: true, pacingNewContactsPerDay: true },
    }),
  ]);
  const settings = entry.snapshot;
  const sends = new Map(settings.instances.map((i) => [i.id, i.sendsToday]));
  const connections = new Map(rows.map((row) => [row.id, connectionView(row, baseUrl, location)]));
  const headroom = await readHeadroom(
    rows.map((row) => ({ id: row.id, pacing: connections.get(row.id)!.pacing })),
    now,
  );
  return {
    instances: rows.map((row) => {
      const warming = warmingInfo(
        { firstConnectedAt: row.firstConnectedAt?.getTime() ?? null, warmingDays: row.warmingDays },
        settings,
        now,
      );
      return {
        ...instanceView(row, sends.get(row.id) ?? 0),
        warming: { warming: warming.warming, day: warming.day, days: warming.warmingDays, dailyLimit: warming.dailyLimit },
        ...connections.get(row.id)!,
        headroom: headroom.get(row.id)!,
      };
    }),
    settings: { minHealth: settings.minHealth, warmingDays: settings.warmingDays, rotationStrategy: settings.rotationStrategy },
  };
}
