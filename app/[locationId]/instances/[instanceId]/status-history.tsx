"use client";

import { ArrowRightIcon } from "lucide-react";
import { dateTime } from "@/components/common/format";
import { StatusBadge } from "@/components/instances/status-badge";
import { LiveCard } from "@/components/live/live-card";
import { queryKeys } from "@/components/live/live-event";
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
  return (
    <LiveCard
      title="Status history"
      description="Every reported change, with who reported it."
      queryKey={queryKeys.instanceHistory(locationId, instanceId)}
      read={() => instanceHistoryAction({ locationId, instanceId })}
      initialData={initialData}
    >
      {(data) =>
        data.length === 0 ? (
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
        )
      }
    </LiveCard>
  );
}
