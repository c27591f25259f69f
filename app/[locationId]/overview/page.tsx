import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { getOverview } from "@/lib/overview/get-overview";
import { type LocationPageProps, loadLocationPage } from "../load-page";
import { OverviewView } from "./overview-view";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage(props: LocationPageProps) {
  const { locationId, member } = await loadLocationPage(props);
  const overview = await getOverview({ ctx: member });
  return (
    <>
      <PageHeader
        title={`${member.location.name} overview`}
        description="Numbers per channel, how messages were routed this week, and what needs attention."
      />
      <OverviewView locationId={locationId} initialData={overview} />
    </>
  );
}
