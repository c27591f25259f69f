import "server-only";
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
