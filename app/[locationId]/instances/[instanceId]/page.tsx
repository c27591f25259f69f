import type { Metadata } from "next";
import { BackLink } from "@/components/app-shell/back-link";
import { PageHeader } from "@/components/app-shell/page-header";
import { channelLabel, displayPhone, instanceTag } from "@/components/common/format";
import { StatusBadge } from "@/components/instances/status-badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { loadMember } from "@/lib/auth/load-member";
import { can } from "@/lib/domain";
import { HEALTH_DELTAS } from "@/lib/engine/health";
import { getInstanceDetail } from "@/lib/instances/get-instance-detail";
import { listInstanceHistory } from "@/lib/instances/list-instance-history";
import { notFoundOnMissing } from "../../not-found-on-missing";
import { forViewer } from "../for-viewer";
import { requestOrigin } from "../request-origin";
import { GatewayCard } from "./gateway-card";
import { PacingCard } from "./pacing-card";
import { SendsChart } from "./sends-chart";
import { StatusHistory } from "./status-history";

export const metadata: Metadata = { title: "Instance" };

export default async function InstancePage({ params }: { params: Promise<{ locationId: string; instanceId: string }> }) {
  const { locationId, instanceId } = await params;
  const member = await loadMember(locationId);
  const [detail, history] = await Promise.all([
    getInstanceDetail({ ctx: member, instanceId, baseUrl: await requestOrigin() }).catch(notFoundOnMissing),
    listInstanceHistory({ ctx: member, instanceId }),
  ]);
  const [instance] = forViewer([detail.instance], member.role);
  const admin = can(member.role, "manageInstances");
  return (
    <>
      <BackLink href={`/${locationId}/instances`}>Instances</BackLink>
      <PageHeader
        title={`${instanceTag(instance.channel, instance.index)} · ${instance.label}`}
        description={`${channelLabel(instance.channel)} · ${displayPhone(instance.phone)}${instance.isDefault ? " · default" : ""}`}
        actions={<StatusBadge status={instance.status} reason={instance.statusReason} />}
      />
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        <Stat
          title="Health"
          value={`${instance.healthScore} / 100`}
          note={
            instance.healthScore < detail.minHealth
              ? `Under the minimum (${detail.minHealth}): out of rotation`
              : `Minimum for rotation: ${detail.minHealth}`
          }
        />
        <Stat
          title="Warming"
          value={instance.warming.warming ? `Day ${instance.warming.day} of ${instance.warming.days}` : "Warmed"}
          note={
            instance.warming.dailyLimit !== null
              ? `Today's limit ${instance.warming.dailyLimit} · used ${instance.sendsToday}`
              : "No daily limit"
          }
        />
        <Stat
          title="Sends today"
          value={String(instance.sendsToday)}
          note={instance.assignedUsers.length ? `Serves ${instance.assignedUsers.map((u) => u.name).join(", ")}` : "Not assigned to a user"}
        />
      </div>
      <div className="mb-6 grid items-start gap-6 lg:grid-cols-2">
        <GatewayCard locationId={locationId} instanceId={instance.id} gateway={instance.gateway} editable={admin} />
        <PacingCard locationId={locationId} instance={instance} editable={admin} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Sends per day</CardTitle>
            <CardDescription>Last 14 days, sent vs failed attempts resolved to this number.</CardDescription>
          </CardHeader>
          <CardContent>
            <SendsChart data={detail.sendsPerDay} />
          </CardContent>
        </Card>
        <StatusHistory locationId={locationId} instanceId={instanceId} initialData={history} />
      </div>
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>How health is scored</CardTitle>
          <CardDescription>
            Starts at 100. Delivered {fmt(HEALTH_DELTAS.delivered)}, failed delivery {fmt(HEALTH_DELTAS.delivery_failed)}, transient
            disconnect {fmt(HEALTH_DELTAS.disconnected_transient)}, logged out {fmt(HEALTH_DELTAS.disconnected_logged_out)}, banned → 0,
            admin reset after a ban → 50. Clamped to 0–100. Under the location&apos;s minimum the number leaves rotation (rule 6) at once;
            explicit rules still use it, with a warning.
          </CardDescription>
        </CardHeader>
      </Card>
    </>
  );
}

function fmt(n: number) {
  return n > 0 ? `+${n}` : `−${Math.abs(n)}`;
}

function Stat({ title, value, note }: { title: string; value: string; note: string }) {
  return (
    <Card className="gap-1">
      <CardHeader>
        <CardDescription>{title}</CardDescription>
        <CardTitle className="text-2xl tabular-nums">{value}</CardTitle>
      </CardHeader>
      <CardContent className="text-xs text-muted-foreground">{note}</CardContent>
    </Card>
  );
}
