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
    instances: instances.map(
      (i): EngineInstance => ({
        ...instanceIdentity(i),
        isDefault: i.isDefault,
        firstConnectedAt: i.firstConnectedAt?.getTime() ?? null,
        warmingDays: i.warmingDays,
        healthScore: i.healthScore,
        sendsToday: sendsToday.get(i.id) ?? 0,
        assignedUserIds: i.userInstances.map((u) => u.userId),
      }),
    ),
  };
}

/** An instance row's identity and status, the database's strings typed as the engine's unions (the engine's view and the API's). */
export function instanceIdentity(row: Pick<InstanceRow, "id" | "channel" | "index" | "label" | "phone" | "status" | "statusReason">) {
  return {
    id: row.id,
    channel: row.channel as Channel,
    index: row.index,
    label: row.label,
    phone: row.phone,
    status: row.status as InstanceStatus,
    statusReason: row.statusReason as StatusReason | null,
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
