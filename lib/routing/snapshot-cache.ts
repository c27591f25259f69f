import "server-only";
// What the engine needs per location, split by how it changes (docs/decisions/006-scale-out.md):
// - configuration (settings, routing policies, the send window, instances' numbers, indexes,
//   defaults, assignments, gateway kind and pacing, member names, webhook target) is cached per location in memory, tagged with Location.configVersion. Database
//   triggers bump that version in the same transaction as every such change, from any process or
//   the CLI; a send compares it under its lock, every other reader before use — never stale.
// - live state (status, health, first connection, today's sends, rotation, pacing counts, and
//   per contact its binding, first contacts and last inbound message) is read from the database
//   for each decision (lib/db/send-store) and laid over the cached instances.
import { db } from "@/lib/db/client";
import { type LiveInstance, type LiveScope, type LiveState, sendStore } from "@/lib/db/send-store";
import { pacingCapNow } from "@/lib/delivery/pacing";
import type { SendWindow } from "@/lib/delivery/send-window.schema";
import { utcDayKey, utcHourKey } from "@/lib/engine/time";
import { CHANNELS, type Channel, type LocationSnapshot, type PacingCap, type RotationState } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import { isGatewayKind } from "@/lib/gateways/connection";
import type { Pacing } from "@/lib/gateways/gateway.schema";
import { effectivePacing } from "@/lib/gateways/pacing-columns";
import { processSingleton } from "@/lib/process-singleton";
import { toEngineSnapshot } from "@/lib/routing/to-engine-snapshot";

/** How an instance's messages leave: through its gateway (queued, paced) or recorded only. */
export type InstanceDelivery = { gateway: boolean; pacing: Pacing };

export type SnapshotEntry = {
  snapshot: LocationSnapshot;
  userNames: Map<string, string>;
  webhookUrl: string | null;
  /** Per instance id (a gateway kind or pacing change bumps the version too). */
  delivery: Map<string, InstanceDelivery>;
  /** The location's send window (SPEC §3), null: always open. */
  sendWindow: SendWindow | null;
  /** Location.configVersion this entry was loaded at (read before the rows). */
  version: number;
};

type CacheState = { entries: Map<string, SnapshotEntry>; loading: Map<string, Promise<SnapshotEntry>> };
const state = processSingleton<CacheState>("config-cache", () => ({ entries: new Map(), loading: new Map() }));

/** The location's configuration, checked against the database's version first (one small read). */
export async function getSnapshot(locationId: string): Promise<SnapshotEntry> {
  const version = await sendStore().configVersion(locationId);
  if (version === null) throw new AppError("not_found", "Location not found.");
  const entry = state.entries.get(locationId);
  return entry && entry.version === version ? entry : reloadSnapshot(locationId);
}

/** The cached configuration without a check: for the send path, which checks under its lock. */
export async function getCachedSnapshot(locationId: string): Promise<SnapshotEntry> {
  return state.entries.get(locationId) ?? reloadSnapshot(locationId);
}

/** Loads the configuration again (concurrent callers share one load). */
export function reloadSnapshot(locationId: string): Promise<SnapshotEntry> {
  const pending = state.loading.get(locationId);
  if (pending) return pending;
  const load = loadEntry(locationId).finally(() => state.loading.delete(locationId));
  state.loading.set(locationId, load);
  return load;
}

/** Drops this process's copy (the version check would catch the change anyway; this saves a read). */
export function invalidateSnapshot(locationId: string): void {
  state.entries.delete(locationId);
}

/**
 * The configuration with every channel's live state laid over it, and the rotation state: what a
 * dry run, the dashboard and the instance lists decide or show with. Re-read when the
 * configuration changed between the two reads.
 */
export async function getLiveSnapshot(locationId: string, now = Date.now()): Promise<{ entry: SnapshotEntry; rotation: RotationState }> {
  for (let attempt = 0; ; attempt++) {
    const entry = await getSnapshot(locationId);
    const lives = await Promise.all(CHANNELS.map((channel) => sendStore().readLive({ locationId, channel }, liveScope(now, []))));
    if (attempt < 3 && lives.some((l) => l.configVersion !== entry.version)) continue;
    const rotation: RotationState = {};
    CHANNELS.forEach((channel, k) => {
      applyLive(entry, channel, lives[k], null, now);
      if (lives[k].rotation) rotation[channel] = lives[k].rotation!;
    });
    return { entry, rotation };
  }
}

/**
 * The configuration and one channel's live state, read without a lock (dry runs): the
 * configuration is loaded again when it changed between the two reads.
 */
export async function getLiveChannel(
  locationId: string,
  channel: Channel,
  contactId: string | null,
  now = Date.now(),
): Promise<{ entry: SnapshotEntry; live: LiveState }> {
  let entry = await getCachedSnapshot(locationId);
  const scope = liveScope(now, contactId ? [contactId] : []);
  let live = await sendStore().readLive({ locationId, channel }, scope);
  for (let attempt = 0; live.configVersion !== entry.version && attempt < 3; attempt++) {
    entry = await reloadSnapshot(locationId);
    live = await sendStore().readLive({ locationId, channel }, scope);
  }
  return { entry, live };
}

/** What a live read covers: today's counts, this hour's, and the given contacts' first-contact facts. */
export function liveScope(now: number, contactIds: string[]): LiveScope {
  return { day: utcDayKey(now), hour: utcHourKey(now), contactIds };
}

/**
 * Lays live fields over the cached instances of one channel. The engine reads these fields
 * through the instance objects on every decision (its indexes cover the rest), so the cached
 * snapshot is updated in place; callers run this and the decision without awaiting in between.
 */
export function applyLive(entry: SnapshotEntry, channel: Channel, live: LiveState, contactId: string | null, now: number): void {
  const byId = new Map(live.instances.map((i) => [i.id, i]));
  for (const instance of entry.snapshot.instances) {
    if (instance.channel !== channel) continue;
    const l = byId.get(instance.id);
    if (!l) continue;
    instance.status = l.status;
    instance.statusReason = l.statusReason;
    instance.healthScore = l.healthScore;
    instance.firstConnectedAt = l.firstConnectedAt;
    instance.sendsToday = l.sendsToday;
    instance.pacingCap = pacingCapOf(entry, l, live, contactId, now);
  }
}

/** The pacing cap an instance is at for this contact now (null without pacing: the common case costs one lookup). */
function pacingCapOf(entry: SnapshotEntry, l: LiveInstance, live: LiveState, contactId: string | null, now: number): PacingCap | null {
  const pacing = entry.delivery.get(l.id)?.pacing;
  if (!pacing || (pacing.hourlyLimit === null && pacing.newContactsPerDay === null)) return null;
  return pacingCapNow(l, pacing, contactId !== null && !live.reached.has(`${l.id}|${contactId}`), now);
}

async function loadEntry(locationId: string): Promise<SnapshotEntry> {
  // The version is read BEFORE the rows: rows newer than it only cause one more reload.
  const version = await sendStore().configVersion(locationId);
  if (version === null) throw new AppError("not_found", "Location not found.");
  const [location, instances, members] = await Promise.all([
    db.location.findUnique({ where: { id: locationId } }),
    db.instance.findMany({ where: { locationId }, include: { userInstances: { select: { userId: true } } } }),
    db.membership.findMany({ where: { locationId, active: true }, select: { user: { select: { id: true, name: true } } } }),
  ]);
  if (!location) throw new AppError("not_found", "Location not found.");
  const entry: SnapshotEntry = {
    snapshot: toEngineSnapshot(location, instances, new Map()),
    userNames: new Map(members.map((m) => [m.user.id, m.user.name])),
    webhookUrl: location.webhookUrl,
    sendWindow: location.sendWindow ? (JSON.parse(location.sendWindow) as SendWindow) : null,
    delivery: new Map(
      instances.map((i) => [
        i.id,
        { gateway: isGatewayKind(i.gatewayKind) && i.gatewayUrl !== null, pacing: effectivePacing(i, location) },
      ]),
    ),
    version,
  };
  const current = state.entries.get(locationId);
  if (!current || current.version <= version) state.entries.set(locationId, entry);
  return entry;
}
