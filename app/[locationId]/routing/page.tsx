import { RouteIcon } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/app-shell/empty-state";
import { PageHeader } from "@/components/app-shell/page-header";
import { DecisionCard } from "@/components/routing/decision-card";
import { getContact } from "@/lib/contacts/get-contact";
import { isAppError } from "@/lib/errors";
import { listInstances } from "@/lib/instances/list-instances";
import { whatIfDryRun } from "@/lib/routing/what-if-dry-run";
import { listUsers } from "@/lib/users/list-users";
import { forViewer } from "../instances/for-viewer";
import { type FilteredPageProps, loadFilteredPage } from "../url-filters";
import { downOf, routingParamsSchema, tagsOf } from "./routing.schema";
import { RoutingForm } from "./routing-form";
import { WhatIfCallout } from "./what-if-callout";
import { WhatIfPanel } from "./what-if-panel";

export const metadata: Metadata = { title: "Routing" };

export default async function RoutingPage(props: FilteredPageProps) {
  const { locationId, member, filters: input } = await loadFilteredPage(props, routingParamsSchema);
  const [team, contact, { instances }] = await Promise.all([
    listUsers({ ctx: member }),
    // A contact id that names no contact here is a bad URL filter: dropped, the panel goes ad hoc.
    input.contactId ? getContact({ ctx: member, contactId: input.contactId }).catch(nullWhenNotFound) : null,
    listInstances({ ctx: member, channel: input.channel }),
  ]);
  const result = input.body?.trim()
    ? await whatIfDryRun({
        locationId,
        channel: input.channel,
        body: input.body,
        contactId: contact?.id ?? null,
        adHoc: contact ? null : { tags: tagsOf(input), assignedUserId: input.assignee ?? null },
        whatIf: { down: downOf(input), defaultId: input.def ?? null },
      })
    : null;
  return (
    <>
      <PageHeader
        title="Routing dry run"
        description="Which number would send this message, and why — the same engine as the send API. Nothing is sent. The URL holds the inputs: copy it to share."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,380px)_minmax(0,1fr)]">
        <div className="grid h-fit gap-6">
          <RoutingForm
            key={JSON.stringify(input)}
            locationId={locationId}
            params={input}
            contact={contact && { id: contact.id, name: contact.name, phone: contact.phone }}
            team={team}
          />
          <WhatIfPanel
            locationId={locationId}
            channel={input.channel}
            instances={forViewer(instances, member.role)}
            down={downOf(input)}
            def={input.def ?? null}
          />
        </div>
        <div className="grid h-fit gap-4">
          {!result ? (
            <EmptyState
              icon={<RouteIcon />}
              title="Type a message to see its route"
              description="Pick a channel and a contact (or type tags and an assignment), write the message — overrides like {{ WA#3 }} included — and press Dry run."
            />
          ) : result.whatIf ? (
            <>
              <WhatIfCallout actual={result.actual} whatIf={result.whatIf} />
              <DecisionCard
                title="With the what-if"
                description="Pretended changes applied in memory only."
                decision={result.whatIf}
                testId="dry-run-decision"
              />
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

function nullWhenNotFound(error: unknown): null {
  if (isAppError(error) && error.code === "not_found") return null;
  throw error;
}
