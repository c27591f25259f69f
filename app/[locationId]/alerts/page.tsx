import { SettingsIcon } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { SettingsLink } from "@/components/app-shell/settings-link";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { can } from "@/lib/domain";
import { type LocationPageProps, loadLocationPage } from "../load-page";
import { AlertsList } from "./alerts-list";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage(props: LocationPageProps) {
  const { locationId, member } = await loadLocationPage(props);
  const admin = can(member.role, "manageSettings");
  const initial = await listAlerts({ ctx: member });
  return (
    <>
      <PageHeader
        title="Alerts"
        description="What needs an admin: a number logged out or banned, health under the minimum, a channel with no eligible number, a failing gateway. Raised once per episode; open ones first, then the last 7 days."
        actions={admin && <SettingsLink locationId={locationId} section="alerts" icon={SettingsIcon} label="Alert settings" />}
      />
      <AlertsList locationId={locationId} initial={initial} />
    </>
  );
}
