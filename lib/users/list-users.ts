import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { CHANNELS, type Channel, type InstanceStatus, type StatusReason } from "@/lib/engine/types";
import { listMembers } from "@/lib/members/list-members";

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
 * The location's active members (listMembers: the one read of who is a member) with their
 * instance on each channel (GET /users, the Team page, and every "assign to" picker of the dashboard).
 */
export async function listUsers(options: { ctx: ServiceContext }) {
  const locationId = options.ctx.location.id;
  const [members, assignments] = await Promise.all([
    listMembers({ db, ctx: options.ctx }),
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
    id: m.userId,
    name: m.name,
    email: m.email,
    role: m.role,
    instances: byUser.get(m.userId) ?? emptyChannels(),
  }));
}

function emptyChannels(): Record<Channel, InstanceRef | null> {
  return Object.fromEntries(CHANNELS.map((c) => [c, null])) as Record<Channel, InstanceRef | null>;
}
