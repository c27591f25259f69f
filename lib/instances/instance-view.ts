import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

export const instanceSelect = {
  id: true, channel: true, index: true, label: true, phone: true, status: true, statusReason: true, statusChangedAt: true,
  isDefault: true, firstConnectedAt: true, warmingDays: true, healthScore: true, createdAt: true, updatedAt: true,
  userInstances: { select: { userId: true }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.InstanceSelect;

type InstanceRow = Prisma.InstanceGetPayload<{ select: typeof instanceSelect }>;

/** An instance as the API answers it (sendsToday from the routing cache when known). */
export function instanceView(row: InstanceRow, sendsToday = 0) {
  return {
    id: row.id,
    channel: row.channel,
    index: row.index,
    label: row.label,
    phone: row.phone,
    status: row.status,
    statusReason: row.statusReason,
    statusChangedAt: row.statusChangedAt.toISOString(),
    isDefault: row.isDefault,
    firstConnectedAt: row.firstConnectedAt?.toISOString() ?? null,
    warmingDays: row.warmingDays,
    healthScore: row.healthScore,
    sendsToday,
    assignedUserIds: row.userInstances.map((u) => u.userId),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type InstanceView = ReturnType<typeof instanceView>;
