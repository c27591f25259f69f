"use client";

import { BellIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { useAlerts } from "./use-alerts";

/** The top bar's bell: the open, unacknowledged alerts of the location, live; a link to the list. */
export function AlertBell({ locationId }: { locationId: string }) {
  const { data } = useAlerts(locationId);
  const open = data?.openCount ?? 0;
  const label = open === 0 ? "Alerts: none open" : `Alerts: ${open} open`;
  return (
    <Button asChild variant="ghost" size="icon-sm" className="relative" aria-label={label} title={label}>
      <Link href={`/${locationId}/alerts`} data-testid="alert-bell">
        <BellIcon aria-hidden className={cn(open > 0 && "text-destructive")} />
        {open > 0 && (
          <span
            data-testid="alert-count"
            className="absolute -right-1 -top-1 flex h-4 min-w-4 items-center justify-center rounded-full bg-destructive px-1 text-[10px] font-semibold leading-none text-white"
          >
            {open > 99 ? "99+" : open}
          </span>
        )}
      </Link>
    </Button>
  );
}
