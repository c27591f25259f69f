import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { loadMember } from "@/lib/auth/load-member";
import { getOverview } from "@/lib/overview/get-overview";
import { OverviewView } from "./overview-view";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ locationId: string }> }) {
  const { locationId } = await params;
  const member = await loadMember(locationId);
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
