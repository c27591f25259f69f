"use client";

import { SmartphoneIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/app-shell/empty-state";
import { channelLabel, displayPhone, instanceTag, timeAgo } from "@/components/common/format";
import { GatewayKindBadge } from "@/components/instances/gateway-kind-badge";
import { StatusBadge } from "@/components/instances/status-badge";
import { queryKeys } from "@/components/live/live-event";
import { useCan } from "@/components/live/role-context";
import { useLiveRead } from "@/components/live/use-live-read";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CHANNELS } from "@/lib/engine/types";
import type { LiveInstanceView } from "@/lib/instances/list-instances";
import type { UserView } from "@/lib/users/list-users";
import { listInstancesAction } from "./actions";
import { DefaultStar } from "./default-star";
import { InstanceRowMenu } from "./instance-row-menu";

type Props = {
  locationId: string;
  initialData: LiveInstanceView[];
  settings: { minHealth: number };
  team: UserView[];
};

export function InstancesBoard({ locationId, initialData, settings, team }: Props) {
  const admin = useCan("manageInstances");
  const instances = useLiveRead(queryKeys.instances(locationId), () => listInstancesAction({ locationId }), initialData);
  if (instances.length === 0) {
    return (
      <EmptyState
        icon={<SmartphoneIcon />}
        title="No numbers yet"
        description={
          admin
            ? "Add the first instance: pick a channel, type its phone number and a label."
            : "Ask a location admin to add this location's numbers."
        }
      />
    );
  }
  return (
    <div className="grid grid-cols-1 gap-6">
      {CHANNELS.map((channel) => {
        const rows = instances.filter((i) => i.channel === channel);
        const connected = rows.filter((i) => i.status === "connected").length;
        const fallback = rows.find((i) => i.isDefault);
        return (
          <Card key={channel} className="gap-0 py-0" aria-labelledby={`channel-${channel}`}>
            <CardHeader className="border-b py-4">
              <CardTitle id={`channel-${channel}`}>{channelLabel(channel)}</CardTitle>
              <CardDescription>
                {connected} of {rows.length} connected ·{" "}
                {fallback ? `default ${instanceTag(channel, fallback.index)} ${fallback.label}` : "no default set"}
              </CardDescription>
              <CardAction>{!fallback && rows.length > 0 && <Badge variant="warning">No default</Badge>}</CardAction>
            </CardHeader>
            {rows.length === 0 ? (
              <p className="px-5 py-4 text-sm text-muted-foreground">No {channelLabel(channel)} numbers in this location.</p>
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead className="w-16 pl-5">#</TableHead>
                    <TableHead>Number</TableHead>
                    <TableHead>Status</TableHead>
                    <TableHead className="text-center">Default</TableHead>
                    <TableHead>Gateway</TableHead>
                    <TableHead>Warming</TableHead>
                    <TableHead>Health</TableHead>
                    <TableHead className="text-right">Sends today</TableHead>
                    {admin && (
                      <TableHead className="w-10">
                        <span className="sr-only">Actions</span>
                      </TableHead>
                    )}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((row) => (
                    <TableRow key={row.id} data-testid={`instance-${instanceTag(row.channel, row.index)}`}>
                      <TableCell className="pl-5 font-mono text-xs text-muted-foreground">{instanceTag(row.channel, row.index)}</TableCell>
                      <TableCell>
                        <Link href={`/${locationId}/instances/${row.id}`} className="font-medium hover:underline">
                          {row.label}
                        </Link>
                        <div className="font-mono text-xs text-muted-foreground">{displayPhone(row.phone)}</div>
                        {row.assignedUsers.length > 0 && (
                          <div
                            className="max-w-48 truncate text-xs text-muted-foreground"
                            title={row.assignedUsers.map((u) => u.name).join(", ")}
                          >
                            Assigned: {row.assignedUsers.map((u) => u.name).join(", ")}
                          </div>
                        )}
                      </TableCell>
                      <TableCell>
                        <StatusBadge status={row.status} reason={row.statusReason} />
                        <div className="mt-0.5 text-xs text-muted-foreground" suppressHydrationWarning>
                          {timeAgo(row.statusChangedAt)}
                        </div>
                      </TableCell>
                      <TableCell className="text-center">
                        <DefaultStar locationId={locationId} instance={row} editable={admin} />
                      </TableCell>
                      <TableCell className="min-w-28">
                        <GatewayCell row={row} />
                      </TableCell>
                      <TableCell className="min-w-32">
                        <WarmingCell row={row} />
                      </TableCell>
                      <TableCell className="min-w-28">
                        <HealthCell score={row.healthScore} minHealth={settings.minHealth} />
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{row.sendsToday}</TableCell>
                      {admin && (
                        <TableCell>
                          <InstanceRowMenu locationId={locationId} instance={row} team={team} />
                        </TableCell>
                      )}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Card>
        );
      })}
    </div>
  );
}

/** The gateway's kind and, when the number has pacing, the room left this hour (or today, for new contacts). */
function GatewayCell({ row }: { row: LiveInstanceView }) {
  const { headroom } = row;
  const room =
    headroom.hourlyLimit !== null
      ? `${headroom.sentThisHour}/${headroom.hourlyLimit} this hour`
      : headroom.newContactsPerDay !== null
        ? `${headroom.newContactsToday}/${headroom.newContactsPerDay} new today`
        : null;
  const full = headroom.hourlyLimit !== null && headroom.sentThisHour >= headroom.hourlyLimit;
  return (
    <div className="grid gap-1">
      <GatewayKindBadge kind={row.gateway?.kind ?? null} />
      {room && (
        <span
          className={full ? "text-xs font-medium text-destructive tabular-nums" : "text-xs text-muted-foreground tabular-nums"}
          data-testid="headroom"
        >
          {room}
        </span>
      )}
    </div>
  );
}

function WarmingCell({ row }: { row: LiveInstanceView }) {
  if (!row.warming.warming) return <span className="text-xs text-muted-foreground">Warmed</span>;
  const limit = row.warming.dailyLimit;
  return (
    <div className="grid gap-1">
      <span className="text-xs">
        Day {row.warming.day} of {row.warming.days}
        {limit !== null && (
          <span className="text-muted-foreground">
            {" "}
            · {row.sendsToday}/{limit} today
          </span>
        )}
      </span>
      <Progress
        value={row.warming.day}
        max={row.warming.days}
        variant="warning"
        aria-label={`Warming day ${row.warming.day} of ${row.warming.days}`}
      />
    </div>
  );
}

function HealthCell({ score, minHealth }: { score: number; minHealth: number }) {
  const low = score < minHealth;
  return (
    <div className="grid gap-1" title={low ? `Under the minimum health (${minHealth}): out of rotation` : undefined}>
      <span className={low ? "text-xs font-medium text-destructive" : "text-xs"}>
        {score}
        {low && " · out of rotation"}
      </span>
      <Progress value={score} variant={low ? "destructive" : score < 70 ? "warning" : "success"} aria-label={`Health ${score} of 100`} />
    </div>
  );
}
