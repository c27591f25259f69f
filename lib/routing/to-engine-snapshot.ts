// Database rows → the engine's snapshot. Pure (no "server-only"), so the demo seed routes its
// history through exactly the mapping the app uses.
import {
  type Channel,
  DEFAULT_STICKY_DAYS,
  type EngineInstance,
  type FailoverPolicy,
  type GeomatchMode,
  type InstanceStatus,
  type LocationSnapshot,
  type RotationStrategy,
  type StatusReason,
} from "@/lib/engine/types";

type LocationRow = {
  id: string;
  defaultCountry: string;
  rotationStrategy: string;
  warmingDays: number;
  warmingDailyLimits: string;
  minHealth: number;
  /** Absent (the demo seed's history, which predates them): the seeds' ladder. */
  stickySender?: boolean;
  stickyDays?: number;
  failover?: string;
  geomatch?: string;
};
type InstanceRow = {
  id: string;
  channel: string;
  index: number;
  label: string;
  phone: string | null;
  status: string;
  statusReason: string | null;
  isDefault: boolean;
  firstConnectedAt: Date | null;
  warmingDays: number | null;
  healthScore: number;
  userInstances: { userId: string }[];
};

export function toEngineSnapshot(
  location: LocationRow,
  instances: InstanceRow[],
  sendsToday: Map<string | null, number>,
): LocationSnapshot {
  return {
    id: location.id,
    defaultCountry: location.defaultCountry,
    ...rotationColumns(location),
    // The routing policies (SPEC §2): without them, the seeds' ladder — no conversation rule,
    // errors stand, rotation ignores geography.
    stickySender: location.stickySender ?? false,
    stickyDays: location.stickyDays ?? DEFAULT_STICKY_DAYS,
    failover: (location.failover ?? "error") as FailoverPolicy,
    geomatch: (location.geomatch ?? "off") as GeomatchMode,
    instances: instances.map((i) => toEngineInstance(i, sendsToday.get(i.id) ?? 0)),
  };
}

/**
 * One literal with every field, `pacingCap` too (applyLive sets it before each decision): all of
 * a snapshot's instances then share one hidden class with their fields in the object itself.
 * Rotation reads five fields of every instance of the channel on every message; a spread of the
 * identity, or a field added later, leaves most fields behind a pointer and gives the objects
 * several shapes, which made each read a lookup (rotation ran at half speed in the benchmark).
 */
function toEngineInstance(i: InstanceRow, sendsToday: number): EngineInstance {
  return {
    id: i.id,
    channel: i.channel as Channel,
    index: i.index,
    label: i.label,
    phone: i.phone,
    status: i.status as InstanceStatus,
    statusReason: i.statusReason as StatusReason | null,
    isDefault: i.isDefault,
    firstConnectedAt: i.firstConnectedAt?.getTime() ?? null,
    warmingDays: i.warmingDays,
    healthScore: i.healthScore,
    sendsToday,
    assignedUserIds: i.userInstances.map((u) => u.userId),
    pacingCap: null,
  };
}

/** An instance row's identity and status, the database's strings typed as the engine's unions (the API's view). */
export function instanceIdentity({
  id,
  channel,
  index,
  label,
  phone,
  status,
  statusReason,
}: Pick<InstanceRow, "id" | "channel" | "index" | "label" | "phone" | "status" | "statusReason">) {
  return {
    id,
    channel: channel as Channel,
    index,
    label,
    phone,
    status: status as InstanceStatus,
    statusReason: statusReason as StatusReason | null,
  };
}

/** A location row's rotation and anti-ban settings, typed as the engine takes them (the snapshot's and the settings view's). */
export function rotationColumns(row: Pick<LocationRow, "rotationStrategy" | "warmingDays" | "warmingDailyLimits" | "minHealth">) {
  return {
    rotationStrategy: row.rotationStrategy as RotationStrategy,
    warmingDays: row.warmingDays,
    warmingDailyLimits: JSON.parse(row.warmingDailyLimits) as number[],
    minHealth: row.minHealth,
  };
}
