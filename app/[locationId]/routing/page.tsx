import type { Metadata } from "next";
import { RouteIcon } from "lucide-react";
import { loadMember } from "@/lib/auth/load-member";
import { db } from "@/lib/db/client";
import { listTeamOptions } from "@/lib/dashboard/team-options";
import { whatIfDryRun } from "@/lib/routing/what-if-dry-run";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/app-shell/empty-state";
import { DecisionCard } from "@/components/routing/decision-card";
import { downOf, routingParamsSchema, tagsOf } from "./routing.schema";
import { RoutingForm } from "./routing-form";
import { WhatIfPanel } from "./what-if-panel";
import { WhatIfCallout } from "./what-if-callout";

export const metadata: Metadata = { title: "Routing" };

type Search = Record<string, string | string[] | undefined>;

export default async function RoutingPage({ params, searchParams }: { params: Promise<{ locationId: string }>; searchParams: Promise<Search> }) {
  const { locationId } = await params;
  await loadMember(locationId);
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const input = routingParamsSchema.parse(raw);
  const [team, contact, instances] = await Promise.all([
    listTeamOptions(locationId),
    input.contactId ? db.contact.findFirst({ where: { id: input.contactId, locationId }, select: { id: true, name: true, phone: true } }) : null,
    db.instance.findMany({ where: { locationId, channel: input.channel }, orderBy: { index: "asc" }, select: { id: true, index: true, label: true, phone: true, status: true, statusReason: true, isDefault: true } }),
  ]);
  const result = input.body?.trim()
    ? await whatIfDryRun({
        locationId, channel: input.channel, body: input.body, contactId: contact?.id ?? null,
        adHoc: contact ? null : { tags: tagsOf(input), assignedUserId: input.assignee ?? null },
        whatIf: { down: downOf(input), defaultId: input.def ?? null },
      })
    : null;
  return (
    <>
      <PageHeader title="Routing dry run" description="Which number would send this message, and why — the same engine as the send API. Nothing is sent. The URL holds the inputs: copy it to share." />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,380px)_minmax(0,1fr)]">
        <div className="grid h-fit gap-6">
          <RoutingForm key={JSON.stringify(input)} locationId={locationId} params={input} contact={contact} team={team} />
          <WhatIfPanel channel={input.channel} instances={instances} down={downOf(input)} def={input.def ?? null} />
        </div>
        <div className="grid h-fit gap-4">
          {!result ? (
            <EmptyState icon={<RouteIcon />} title="Type a message to see its route" description="Pick a channel and a contact (or type tags and an assignment), write the message — overrides like {{ WA#3 }} included — and press Dry run." />
          ) : result.whatIf ? (
            <>
              <WhatIfCallout actual={result.actual} whatIf={result.whatIf} />
              <DecisionCard title="With the what-if" description="Pretended changes applied in memory only." decision={result.whatIf} testId="dry-run-decision" />
              <DecisionCard title="Today, without the what-if" decision={result.actual} testId="dry-run-actual" />
            </>
          ) : (
            <DecisionCard title="Decision" description="Today's configuration." decision={result.actual} testId="dry-run-decision" />
          )}
        </div>
      </div>
    </>
  );
}
