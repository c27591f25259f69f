import "server-only";
import { gatewayView } from "@/lib/gateways/connection";
import type { Pacing } from "@/lib/gateways/gateway.schema";
import { effectivePacing, type PacingColumns } from "@/lib/gateways/pacing-columns";
import type { Prisma } from "@/lib/generated/prisma/client";
import { instanceIdentity } from "@/lib/routing/to-engine-snapshot";

export const instanceSelect = {
  id: true,
  channel: true,
  index: true,
  label: true,
  phone: true,
  status: true,
  statusReason: true,
  statusChangedAt: true,
  isDefault: true,
  firstConnectedAt: true,
  warmingDays: true,
  healthScore: true,
  createdAt: true,
  updatedAt: true,
  userInstances: { select: { user: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } },
  // The gateway connection (lib/gateways/connection.ts gatewayColumns).
  gatewayKind: true,
  gatewayUrl: true,
  gatewayConfig: true,
  gatewayCredentials: true,
  inboundToken: true,
  pacingMinIntervalSeconds: true,
  pacingJitterSeconds: true,
  pacingHourlyLimit: true,
  pacingNewContactsPerDay: true,
  pacingOverride: true,
} satisfies Prisma.InstanceSelect;

type InstanceRow = Prisma.InstanceGetPayload<{ select: typeof instanceSelect }>;

/**
 * An instance as the API answers it and the dashboard shows it (sendsToday from the routing
 * service's live counters when known; `assignedUsers` names the `assignedUserIds`).
 */
export function instanceView(row: InstanceRow, sendsToday = 0) {
  return {
    ...instanceIdentity(row),
    statusChangedAt: row.statusChangedAt.toISOString(),
    isDefault: row.isDefault,
    firstConnectedAt: row.firstConnectedAt?.toISOString() ?? null,
    /** This instance's own warming period (null: the location's). */
    warmingDays: row.warmingDays,
    healthScore: row.healthScore,
    sendsToday,
    assignedUserIds: row.userInstances.map((u) => u.user.id),
    assignedUsers: row.userInstances.map((u) => u.user),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * What an instance's connection and pacing look like to a reader: the gateway without its
 * credentials (SPEC §3: write-only; `inboundUrl` built on `baseUrl`, the app's public origin), and
 * the pacing in force — its own, or the location's (`inherited`).
 */
export function connectionView(row: InstanceRow, baseUrl: string, locationPacing: PacingColumns) {
  const pacing: Pacing = effectivePacing(row, locationPacing);
  return { gateway: gatewayView(row, baseUrl), pacing: { ...pacing, inherited: !row.pacingOverride } };
}
