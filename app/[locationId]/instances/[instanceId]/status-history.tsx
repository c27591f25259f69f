"use client";

import { ArrowRightIcon } from "lucide-react";
import { SectionCard } from "@/components/app-shell/section-card";
import { dateTime } from "@/components/common/format";
import { StatusBadge } from "@/components/instances/status-badge";
import { queryKeys } from "@/components/live/live-event";
import { useLiveRead } from "@/components/live/use-live-read";
import { instanceHistoryAction } from "../actions";

type HistoryRow = {
  id: string;
  fromStatus: string;
  fromReason: string | null;
  toStatus: string;
  toReason: string | null;
  source: string;
  at: string;
};

/** Status changes, newest first; a live status event refetches it. */
export function StatusHistory({
  locationId,
  instanceId,
  initialData,
}: {
  locationId: string;
  instanceId: string;
  initialData: HistoryRow[];
}) {
  const read = () => instanceHistoryAction({ locationId, instanceId });
  const data = useLiveRead(queryKeys.instanceHistory(locationId, instanceId), read, initialData);
  return (
    <SectionCard title="Status history" description="Every reported change, with who reported it.">
      {data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No status changes recorded yet. They appear here as the gateway reports them.</p>
      ) : (
        <ol className="grid max-h-72 gap-3 overflow-y-auto pr-1" aria-label="Status changes">
          {data.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-2 text-sm">
              <StatusBadge status={e.fromStatus} reason={e.fromReason} />
              <ArrowRightIcon className="size-3.5 text-muted-foreground" aria-label="to" />
              <StatusBadge status={e.toStatus} reason={e.toReason} />
              <span className="ml-auto text-xs text-muted-foreground">
                {dateTime(e.at)} · {e.source}
              </span>
            </li>
          ))}
        </ol>
      )}
    </SectionCard>
  );
}
