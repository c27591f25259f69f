import { MessagesSquareIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/app-shell/empty-state";
import { PageHeader } from "@/components/app-shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { listInstances } from "@/lib/instances/list-instances";
import { listMessages } from "@/lib/messages/list-messages";
import { listMessagesQuerySchema } from "@/lib/messages/message.schema";
import { forViewer } from "../instances/for-viewer";
import { type FilteredPageProps, listFromUrl, loadFilteredPage } from "../url-filters";
import { MessageFiltersBar } from "./message-filters";
import { MessagesTable } from "./messages-table";
import { NewMessagesBanner } from "./new-messages-banner";

export const metadata: Metadata = { title: "Messages" };

export default async function MessagesPage(props: FilteredPageProps) {
  const { locationId, member, filters: requested } = await loadFilteredPage(props, listMessagesQuerySchema.omit({ limit: true }));
  const [{ filters, result: log }, { instances }] = await Promise.all([
    listFromUrl(requested, (query) => listMessages({ ctx: member, query: { ...query, limit: 50 } })),
    listInstances({ ctx: member }),
  ]);
  const pageLink = (cursor: string | undefined) => `?${new URLSearchParams(stringValues({ ...filters, cursor }))}`;
  const filtered = Object.keys(filters).some((k) => k !== "cursor");
  return (
    <>
      <PageHeader
        title="Messages"
        description="Every send attempt with the decision taken — open one to read its trace and replay it with today's configuration."
      />
      <MessageFiltersBar instances={forViewer(instances, member.role)} />
      <NewMessagesBanner />
      {log.data.length === 0 ? (
        <EmptyState
          icon={<MessagesSquareIcon />}
          title={filtered ? "No messages match these filters" : "No messages yet"}
          description={
            filtered
              ? "Clear a filter or widen the dates."
              : "Messages sent through the API or the simulator appear here with their routing decision."
          }
        />
      ) : (
        <Card className="gap-0 py-0">
          <MessagesTable locationId={locationId} messages={log.data} />
        </Card>
      )}
      <nav aria-label="Pagination" className="mt-4 flex justify-end gap-2">
        {filters.cursor && (
          <Button asChild variant="outline" size="sm">
            <Link href={pageLink(undefined)}>Newest</Link>
          </Button>
        )}
        {log.nextCursor && (
          <Button asChild variant="outline" size="sm">
            <Link href={pageLink(log.nextCursor)}>Older messages</Link>
          </Button>
        )}
      </nav>
    </>
  );
}

/** The filters as URL values, without empty ones. */
function stringValues(filters: object): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).flatMap(([k, v]) => (v === undefined || v === "" ? [] : [[k, String(v)]])));
}
