import type { Metadata } from "next";
import Link from "next/link";
import { MessagesSquareIcon } from "lucide-react";
import { loadMember } from "@/lib/auth/load-member";
import { listMessageLog, messageFiltersSchema } from "@/lib/dashboard/list-message-log";
import { db } from "@/lib/db/client";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/app-shell/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { MessageFiltersBar } from "./message-filters";
import { MessagesTable } from "./messages-table";
import { NewMessagesBanner } from "./new-messages-banner";

export const metadata: Metadata = { title: "Messages" };

type Search = Record<string, string | string[] | undefined>;

export default async function MessagesPage({ params, searchParams }: { params: Promise<{ locationId: string }>; searchParams: Promise<Search> }) {
  const { locationId } = await params;
  await loadMember(locationId);
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v));
  const filters = messageFiltersSchema.catch({}).parse(raw);
  const [log, instances] = await Promise.all([
    listMessageLog(locationId, filters),
    db.instance.findMany({ where: { locationId }, select: { id: true, channel: true, index: true, label: true }, orderBy: [{ channel: "asc" }, { index: "asc" }] }),
  ]);
  const filtered = Object.keys(filters).some((k) => k !== "cursor");
  const next = new URLSearchParams({ ...raw, cursor: log.nextCursor ?? "" } as Record<string, string>);
  return (
    <>
      <PageHeader title="Messages" description="Every send attempt with the decision taken — open one to read its trace and replay it with today's configuration." />
      <MessageFiltersBar instances={instances} />
      <NewMessagesBanner />
      {log.messages.length === 0 ? (
        <EmptyState
          icon={<MessagesSquareIcon />}
          title={filtered ? "No messages match these filters" : "No messages yet"}
          description={filtered ? "Clear a filter or widen the dates." : "Messages sent through the API or the simulator appear here with their routing decision."}
        />
      ) : (
        <Card className="gap-0 py-0">
          <MessagesTable locationId={locationId} messages={log.messages} />
        </Card>
      )}
      <nav aria-label="Pagination" className="mt-4 flex justify-end gap-2">
        {filters.cursor && (
          <Button asChild variant="outline" size="sm">
            <Link href={`?${new URLSearchParams(Object.fromEntries(Object.entries(raw).filter(([k]) => k !== "cursor")) as Record<string, string>)}`}>Newest</Link>
          </Button>
        )}
        {log.nextCursor && (
          <Button asChild variant="outline" size="sm">
            <Link href={`?${next}`}>Older messages</Link>
          </Button>
        )}
      </nav>
    </>
  );
}
