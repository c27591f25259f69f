import type { Metadata } from "next";
import Link from "next/link";
import { UserCogIcon, UsersIcon } from "lucide-react";
import { loadMember } from "@/lib/auth/load-member";
import { can } from "@/lib/domain";
import { db } from "@/lib/db/client";
import { CHANNELS } from "@/lib/engine/types";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/app-shell/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RoleBadge } from "@/components/app-shell/location-switcher";
import { StatusBadge } from "@/components/instances/status-badge";
import { channelLabel, instanceTag } from "@/components/common/format";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ locationId: string }> }) {
  const { locationId } = await params;
  const member = await loadMember(locationId);
  const [members, assignments, counts] = await Promise.all([
    db.membership.findMany({ where: { locationId, active: true }, select: { role: true, user: { select: { id: true, name: true, email: true } } }, orderBy: { user: { name: "asc" } } }),
    db.userInstance.findMany({ where: { locationId }, select: { userId: true, channel: true, instance: { select: { index: true, label: true, status: true, statusReason: true } } } }),
    db.contact.groupBy({ by: ["assignedUserId"], where: { locationId, assignedUserId: { not: null } }, _count: { _all: true } }),
  ]);
  const contactsOf = new Map(counts.map((c) => [c.assignedUserId, c._count._all]));
  return (
    <>
      <PageHeader
        title="Team"
        description="Members of this location, their role, and the number each one sends from per channel (rule 4: user assignment)."
        actions={can(member.role, "manageSettings") && (
          <Button asChild variant="outline"><Link href={`/${locationId}/settings#members`}><UserCogIcon aria-hidden />Manage members</Link></Button>
        )}
      />
      {members.length === 0 ? (
        <EmptyState icon={<UsersIcon />} title="No members" description="Admins add people in Settings → Members (or with npm run cli -- user add)." />
      ) : (
        <Card className="gap-0 py-0">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead className="pl-5">Member</TableHead>
                <TableHead>Role</TableHead>
                {CHANNELS.map((c) => <TableHead key={c}>{channelLabel(c)}</TableHead>)}
                <TableHead className="text-right pr-5">Contacts</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {members.map(({ user, role }) => (
                <TableRow key={user.id}>
                  <TableCell className="pl-5"><div className="font-medium">{user.name}</div><div className="text-xs text-muted-foreground">{user.email}</div></TableCell>
                  <TableCell><RoleBadge role={role} /></TableCell>
                  {CHANNELS.map((channel) => {
                    const a = assignments.find((x) => x.userId === user.id && x.channel === channel);
                    return (
                      <TableCell key={channel} className="text-xs">
                        {a ? <div className="grid gap-1"><span>{instanceTag(channel, a.instance.index)} {a.instance.label}</span>{a.instance.status !== "connected" && <StatusBadge status={a.instance.status} reason={a.instance.statusReason} />}</div> : <span className="text-muted-foreground">—</span>}
                      </TableCell>
                    );
                  })}
                  <TableCell className="pr-5 text-right tabular-nums">{contactsOf.get(user.id) ?? 0}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
    </>
  );
}
