"use client";

import { SectionCard } from "@/components/app-shell/section-card";
import { dateTime } from "@/components/common/format";
import { queryKeys } from "@/components/live/live-event";
import { useLiveRead } from "@/components/live/use-live-read";
import { MessageStatusBadge } from "@/components/messages/message-status-badge";
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
  const read = () => messageTimelineAction({ locationId, messageId });
  const data = useLiveRead(queryKeys.messageTimeline(locationId, messageId), read, initialData);
  return (
    <SectionCard title="Delivery timeline" description="From the routing decision to the gateway's last report.">
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
    </SectionCard>
  );
}
