import "server-only";
import { db } from "@/lib/db/client";
import { loadLocationSettings, startOfUtcDay } from "@/lib/dashboard/location-settings";
import type { Channel, EngineContact, EngineInstance, LocationSnapshot, RotationState } from "@/lib/engine/types";

// TODO(lead): the routing service (issue 4) owns snapshot loading + caching; when
// lib/routing exposes its loader, this file should delegate to it (one place per operation).
// The engine itself is the one in lib/engine — there is no second engine here.

/** The location snapshot + rotation state the engine decides with, read fresh. */
export async function loadEngineSnapshot(locationId: string, now = Date.now()): Promise<{ location: LocationSnapshot; rotation: RotationState }> {
  const [settings, instances, sends, rotations] = await Promise.all([
    loadLocationSettings(locationId),
    db.instance.findMany({ where: { locationId }, include: { userInstances: { select: { userId: true } } } }),
    db.message.groupBy({
      by: ["instanceId"],
      where: { locationId, createdAt: { gte: startOfUtcDay(now) }, status: { not: "failed" }, instanceId: { not: null } },
      _count: { _all: true },
    }),
    db.rotationState.findMany({ where: { locationId } }),
  ]);
  const sendsById = new Map(sends.map((s) => [s.instanceId, s._count._all]));
  const engineInstances: EngineInstance[] = instances.map((i) => ({
    id: i.id, channel: i.channel as Channel, index: i.index, label: i.label, phone: i.phone,
    status: i.status as EngineInstance["status"], statusReason: i.statusReason as EngineInstance["statusReason"],
    isDefault: i.isDefault, firstConnectedAt: i.firstConnectedAt?.getTime() ?? null, warmingDays: i.warmingDays,
    healthScore: i.healthScore, sendsToday: sendsById.get(i.id) ?? 0, assignedUserIds: i.userInstances.map((u) => u.userId),
  }));
  const rotation: RotationState = {};
  for (const r of rotations) rotation[r.channel as Channel] = JSON.parse(r.state);
  return {
    location: {
      id: settings.id, defaultCountry: settings.defaultCountry, rotationStrategy: settings.rotationStrategy,
      warmingDays: settings.warmingDays, warmingDailyLimits: settings.warmingDailyLimits, minHealth: settings.minHealth,
      instances: engineInstances,
    },
    rotation,
  };
}

/** A stored contact as the engine sees it (tags in order, assignment with the user's name). */
export async function loadEngineContact(locationId: string, contactId: string): Promise<EngineContact | null> {
  const contact = await db.contact.findFirst({
    where: { id: contactId, locationId },
    select: { id: true, phone: true, assignedUserId: true, assignedUser: { select: { name: true } }, tags: { orderBy: { position: "asc" }, select: { value: true } } },
  });
  if (!contact) return null;
  return {
    id: contact.id, phone: contact.phone, tags: contact.tags.map((t) => t.value),
    assignedUserId: contact.assignedUserId, assignedUserName: contact.assignedUser?.name ?? null,
  };
}
