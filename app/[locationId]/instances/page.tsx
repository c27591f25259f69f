import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/lib/domain";
import { listInstances } from "@/lib/instances/list-instances";
import { listUsers } from "@/lib/users/list-users";
import { type LocationPageProps, loadLocationPage } from "../load-page";
import { forViewer } from "./for-viewer";
import { InstanceFormDialog } from "./instance-form-dialog";
import { InstancesBoard } from "./instances-board";
import { requestOrigin } from "./request-origin";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage(props: LocationPageProps) {
  const { locationId, member } = await loadLocationPage(props);
  const [{ instances, settings }, team] = await Promise.all([
    listInstances({ ctx: member, baseUrl: await requestOrigin() }),
    listUsers({ ctx: member }),
  ]);
  const admin = can(member.role, "manageInstances");
  return (
    <>
      <PageHeader
        title="Instances"
        description="Every phone number of this location, per channel, with live status, warming and health."
        actions={admin ? <InstanceFormDialog locationId={locationId} /> : undefined}
      />
      <InstancesBoard locationId={locationId} initialData={forViewer(instances, member.role)} settings={settings} team={team} />
    </>
  );
}
