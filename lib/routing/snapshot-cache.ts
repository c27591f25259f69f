import "server-only";
// What the engine needs per location, kept in memory: settings, instances (with assignments and
// today's sends), rotation state, member names and the webhook target. Every configuration
// change calls invalidateSnapshot; status and health changes patch the cached instance (the
// engine reads those live). Sends increment sendsToday in place after their commit. A short TTL
// bounds staleness from writers in other processes (CLI, tests), and a new UTC day reloads.
import { db } from "@/lib/db/client";
import { withLocationLock } from "@/lib/routing/location-lock";
import { settleSends } from "@/lib/routing/fast-store";
import { AppError } from "@/lib/errors";
import type { Channel, InstanceStatus, LocationSnapshot, RotationState, StatusReason } from "@/lib/engine/types";
import { toEngineSnapshot } from "@/lib/routing/to-engine-snapshot";

const TTL_MS = 10_000;
const DAY_MS = 86_400_000;

export type SnapshotEntry = {
  snapshot: LocationSnapshot;
  rotation: RotationState;
  userNames: Map<string, string>;
  webhookUrl: string | null;
  webhookSecret: string | null;
  gatewayUrl: string | null;
  day: number;
  loadedAt: number;
};

type CacheState = { entries: Map<string, SnapshotEntry>; versions: Map<string, number>; expired: Map<string, SnapshotEntry> };
const store = globalThis as unknown as { __nrSnapshots?: CacheState };
const state: CacheState = (store.__nrSnapshots ??= { entries: new Map(), versions: new Map(), expired: new Map() });
state.expired ??= new Map(); // a store created by an older module version (dev hot reload)

/** The cached entry, loading it under the location lock when missing or stale. */
export async function getSnapshot(locationId: string, now = Date.now()): Promise<SnapshotEntry> {
  const hit = fresh(locationId, now);
  if (hit) return hit;
  return withLocationLock(locationId, () => getSnapshotLocked(locationId, now));
}

/** For callers already holding the location lock (the send path). */
export async function getSnapshotLocked(locationId: string, now = Date.now()): Promise<SnapshotEntry> {
  const hit = fresh(locationId, now);
  if (hit) return hit;
  // Sends decided before us may still be queued for their group commit: the rotation state and
  // counts read below must include them.
  await settleSends();
  const version = state.versions.get(locationId) ?? 0;
  // Same UTC day: today's sends are carried over from memory (every send of this process counted
  // them), so a refresh costs a few small queries instead of a scan of today's messages.
  const previous = state.entries.get(locationId) ?? state.expired.get(locationId);
  const sends = previous && previous.day === utcDay(now) ? new Map(previous.snapshot.instances.map((i) => [i.id, i.sendsToday])) : null;
  const entry = await load(locationId, now, sends);
  // A change committed while we were reading invalidated the version: do not keep stale data.
  if ((state.versions.get(locationId) ?? 0) === version) {
    state.entries.set(locationId, entry);
    state.expired.delete(locationId);
  }
  return entry;
}

export function invalidateSnapshot(locationId: string, options: { forgetCounts?: boolean } = {}): void {
  const entry = state.entries.get(locationId);
  if (entry && !options.forgetCounts) state.expired.set(locationId, entry);
  if (options.forgetCounts) state.expired.delete(locationId);
  state.entries.delete(locationId);
  state.versions.set(locationId, (state.versions.get(locationId) ?? 0) + 1);
}

/** Live fields the engine reads through the instance object; no rebuild needed. */
export function patchCachedInstance(
  locationId: string,
  instanceId: string,
  patch: Partial<{ status: InstanceStatus; statusReason: StatusReason | null; healthScore: number; firstConnectedAt: number | null }>,
): void {
  const instance = state.entries.get(locationId)?.snapshot.instances.find((i) => i.id === instanceId);
  if (instance) Object.assign(instance, patch);
}

function fresh(locationId: string, now: number): SnapshotEntry | null {
  const entry = state.entries.get(locationId);
  if (!entry || now - entry.loadedAt > TTL_MS || entry.day !== utcDay(now)) return null;
  return entry;
}

export function utcDay(now: number): number {
  return Math.floor(now / DAY_MS);
}

/** Midnight UTC of `now`: "today" for sends counts and warming limits, as the engine counts it. */
function startOfUtcDay(now: number): Date {
  return new Date(utcDay(now) * DAY_MS);
}

async function load(locationId: string, now: number, knownSends: Map<string, number> | null): Promise<SnapshotEntry> {
  const day = utcDay(now);
  const [location, instances, sendCounts, rotations, members] = await Promise.all([
    db.location.findUnique({ where: { id: locationId } }),
    db.instance.findMany({ where: { locationId }, include: { userInstances: { select: { userId: true } } } }),
    knownSends ? Promise.resolve([]) : db.message.groupBy({
      by: ["instanceId"],
      where: { locationId, createdAt: { gte: startOfUtcDay(now) }, errorCode: null, errorName: null, instanceId: { not: null } },
      _count: { _all: true },
    }),
    db.rotationState.findMany({ where: { locationId } }),
    db.membership.findMany({ where: { locationId, active: true }, select: { user: { select: { id: true, name: true } } } }),
  ]);
  if (!location) throw new AppError("not_found", "Location not found.");
  const sendsById = knownSends ?? new Map(sendCounts.map((s) => [s.instanceId, s._count._all]));
  const rotation: RotationState = {};
  for (const row of rotations) rotation[row.channel as Channel] = JSON.parse(row.state) as RotationState[Channel];
  return {
    snapshot: toEngineSnapshot(location, instances, sendsById),
    rotation,
    userNames: new Map(members.map((m) => [m.user.id, m.user.name])),
    webhookUrl: location.webhookUrl,
    webhookSecret: location.webhookSecret,
    gatewayUrl: location.gatewayUrl,
    day,
    loadedAt: now,
  };
}
