import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/domain";
import { CHANNELS, type Channel, type InstanceStatus, type StatusReason } from "@/lib/engine/types";

type InstanceRef = {
  id: string;
  index: number;
  phone: string | null;
  label: string;
  status: InstanceStatus;
  statusReason: StatusReason | null;
};

export type UserView = Awaited<ReturnType<typeof listUsers>>[number];

/**
 * The location's active members by name, with their role and their instance on each channel
 * (GET /users, the Team page, and every "assign to" picker of the dashboard).
 */
export async function listUsers(options: { ctx: ServiceContext }) {
  const locationId = options.ctx.location.id;
  const [members, assignments] = await Promise.all([
    db.membership.findMany({
      where: { locationId, active: true },
      select: { role: true, user: { select: { id: true, name: true, email: true } } },
      orderBy: { user: { name: "asc" } },
    }),
    db.userInstance.findMany({
      where: { locationId },
      select: {
        userId: true,
        channel: true,
        instance: { select: { id: true, index: true, phone: true, label: true, status: true, statusReason: true } },
      },
    }),
  ]);
  const byUser = new Map<string, Record<Channel, InstanceRef | null>>();
  for (const a of assignments) {
    const row = byUser.get(a.userId) ?? emptyChannels();
    row[a.channel as Channel] = {
      ...a.instance,
      status: a.instance.status as InstanceStatus,
      statusReason: a.instance.statusReason as StatusReason | null,
    };
    byUser.set(a.userId, row);
  }
  return members.map((m) => ({
    id: m.user.id,
    name: m.user.name,
    email: m.user.email,
    role: m.role as Role,
    instances: byUser.get(m.user.id) ?? emptyChannels(),
  }));
}

function emptyChannels(): Record<Channel, InstanceRef | null> {
  return Object.fromEntries(CHANNELS.map((c) => [c, null])) as Record<Channel, InstanceRef | null>;
}
