"use client";

import { useQuery } from "@tanstack/react-query";
import { unwrap } from "@/components/common/action-result";
import { queryKeys } from "@/components/live/live-event";
import type { AlertView } from "@/lib/alerts/alert-view";
import { listAlertsAction } from "./actions";

type Alerts = { data: AlertView[]; openCount: number };

/**
 * The location's alerts, shared by the bell (every page) and the list. The live stream refetches
 * them on `alert.raised` and on every status change (which may clear one); a slow poll catches an
 * alert that resolved or was acknowledged in another tab.
 */
export function useAlerts(locationId: string, initial?: Alerts) {
  return useQuery({
    queryKey: queryKeys.alerts(locationId),
    queryFn: async (): Promise<Alerts> => unwrap(await listAlertsAction({ locationId })),
    initialData: initial,
    refetchInterval: 30_000,
  });
}
