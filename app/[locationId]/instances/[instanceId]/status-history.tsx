"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowRightIcon } from "lucide-react";
import { unwrap } from "@/components/common/action-result";
import { dateTime } from "@/components/common/format";
import { StatusBadge } from "@/components/instances/status-badge";
import { queryKeys } from "@/components/live/live-event";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
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
  const { data = initialData } = useQuery({
    queryKey: queryKeys.instanceHistory(locationId, instanceId),
    queryFn: async () => unwrap(await instanceHistoryAction({ locationId, instanceId })),
    initialData,
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Status history</CardTitle>
        <CardDescription>Every reported change, with who reported it.</CardDescription>
      </CardHeader>
      <CardContent>
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
      </CardContent>
    </Card>
  );
}
