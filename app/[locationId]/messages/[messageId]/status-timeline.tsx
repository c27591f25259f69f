"use client";

import { useQuery } from "@tanstack/react-query";
import { unwrap } from "@/components/common/action-result";
import { dateTime } from "@/components/common/format";
import { queryKeys } from "@/components/live/live-event";
import { MessageStatusBadge } from "@/components/messages/message-status-badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { messageTimelineAction } from "../actions";

type Entry = { status: string; at: string; source: string; detail: string | null };

const SOURCES: Record<string, string> = {
  routing: "routing",
  dispatcher: "outbox",
  gateway: "gateway report",
  api: "API report",
  system: "system",
};

/** Where the message started, then every delivery change with who reported it; a live status event refetches it. */
export function StatusTimeline({ locationId, messageId, initialData }: { locationId: string; messageId: string; initialData: Entry[] }) {
  const { data = initialData } = useQuery({
    queryKey: queryKeys.messageTimeline(locationId, messageId),
    queryFn: async () => unwrap(await messageTimelineAction({ locationId, messageId })),
    initialData,
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Delivery timeline</CardTitle>
        <CardDescription>From the routing decision to the gateway&apos;s last report.</CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="relative grid gap-4 border-l pl-5" aria-label="Status changes" data-testid="message-timeline">
          {data.map((entry, i) => (
            <li key={`${entry.status}-${entry.at}-${i}`} className="relative grid gap-1 text-sm" data-testid="timeline-entry">
              <span aria-hidden className="absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full border-2 border-background bg-primary" />
              <div className="flex flex-wrap items-center gap-2">
                <MessageStatusBadge status={entry.status} />
                <span className="text-xs text-muted-foreground">
                  {dateTime(entry.at)} · {SOURCES[entry.source] ?? entry.source}
                </span>
              </div>
              {entry.detail && <p className="text-xs break-words text-muted-foreground">{entry.detail}</p>}
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
