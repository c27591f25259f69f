import { UserCogIcon } from "lucide-react";
import type { Metadata } from "next";
import { RoleBadge } from "@/components/app-shell/location-switcher";
import { PageHeader } from "@/components/app-shell/page-header";
import { SettingsLink } from "@/components/app-shell/settings-link";
import { TableCard } from "@/components/app-shell/table-card";
import { channelLabel, instanceTag } from "@/components/common/format";
import { StatusBadge } from "@/components/instances/status-badge";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { countContactsByAssignee } from "@/lib/contacts/count-contacts-by-assignee";
import { can } from "@/lib/domain";
import { CHANNELS } from "@/lib/engine/types";
import { listUsers } from "@/lib/users/list-users";
import { type LocationPageProps, loadLocationPage } from "../load-page";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage(props: LocationPageProps) {
  const { locationId, member } = await loadLocationPage(props);
  const admin = can(member.role, "manageSettings");
  const [members, contactsOf] = await Promise.all([listUsers({ ctx: member }), countContactsByAssignee({ ctx: member })]);
  return (
    <>
      <PageHeader
        title="Team"
        description="Members of this location, their role, and the number each one sends from per channel (rule 4: user assignment)."
        actions={admin && <SettingsLink locationId={locationId} section="members" icon={UserCogIcon} label="Manage members" />}
      />
      {/* Never empty: whoever reads this page is an active member of the location. */}
      <TableCard
        head={
          <>
            <TableHead className="pl-5">Member</TableHead>
            <TableHead>Role</TableHead>
            {CHANNELS.map((c) => (
              <TableHead key={c}>{channelLabel(c)}</TableHead>
            ))}
            <TableHead className="text-right pr-5">Contacts</TableHead>
          </>
        }
      >
        {members.map((user) => (
          <TableRow key={user.id}>
            <TableCell className="pl-5">
              <div className="font-medium">{user.name}</div>
              <div className="text-xs text-muted-foreground">{user.email}</div>
            </TableCell>
            <TableCell>
              <RoleBadge role={user.role} />
            </TableCell>
            {CHANNELS.map((channel) => {
              const instance = user.instances[channel];
              return (
                <TableCell key={channel} className="text-xs">
                  {instance ? (
                    <div className="grid gap-1">
                      <span>
                        {instanceTag(channel, instance.index)} {instance.label}
                      </span>
                      {instance.status !== "connected" && <StatusBadge status={instance.status} reason={instance.statusReason} />}
                    </div>
                  ) : (
                    <span className="text-muted-foreground">—</span>
                  )}
                </TableCell>
              );
            })}
            <TableCell className="pr-5 text-right tabular-nums">{contactsOf.get(user.id) ?? 0}</TableCell>
          </TableRow>
        ))}
      </TableCard>
    </>
  );
}
