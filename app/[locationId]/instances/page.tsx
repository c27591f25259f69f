import type { Metadata } from "next";
import { loadMember } from "@/lib/auth/load-member";
import { listInstanceBoard } from "@/lib/instances/list-instance-board";
import { listTeamOptions } from "@/lib/dashboard/team-options";
import { can } from "@/lib/domain";
import { PageHeader } from "@/components/app-shell/page-header";
import { InstancesBoard } from "./instances-board";
import { InstanceFormDialog } from "./instance-form-dialog";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage({ params }: { params: Promise<{ locationId: string }> }) {
  const { locationId } = await params;
  const member = await loadMember(locationId);
  const [board, team] = await Promise.all([listInstanceBoard(locationId), listTeamOptions(locationId)]);
  const admin = can(member.role, "manageInstances");
  return (
    <>
      <PageHeader
        title="Instances"
        description="Every phone number of this location, per channel, with live status, warming and health."
        actions={admin ? <InstanceFormDialog locationId={locationId} team={team} /> : undefined}
      />
      <InstancesBoard locationId={locationId} initialData={board.instances} settings={board.settings} team={team} />
    </>
  );
}
