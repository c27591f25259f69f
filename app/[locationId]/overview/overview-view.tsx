"use client";

import { CircleAlertIcon, CircleCheckIcon } from "lucide-react";
import Link from "next/link";
import { channelLabel } from "@/components/common/format";
import { queryKeys } from "@/components/live/live-event";
import { useLiveRead } from "@/components/live/use-live-read";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Overview } from "@/lib/overview/get-overview";
import { getOverviewAction } from "./actions";
import { LiveFeed } from "./live-feed";
import { RulesChart, SendsPerDayChart } from "./overview-charts";

export function OverviewView({ locationId, initialData }: { locationId: string; initialData: Overview }) {
  const data = useLiveRead(queryKeys.overview(locationId), () => getOverviewAction({ locationId }), initialData);
  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {data.channels.map((c) => (
          <Card key={c.channel} data-testid={`channel-card-${c.channel}`}>
            <CardHeader>
              <CardDescription>{channelLabel(c.channel)} connected</CardDescription>
              <CardTitle className="text-2xl tabular-nums">
                {c.connected}
                <span className="text-base font-normal text-muted-foreground"> / {c.total}</span>
                <span className="sr-only"> connected</span>
              </CardTitle>
              <CardAction>
                {c.total === 0 ? (
                  <Badge variant="secondary">No numbers</Badge>
                ) : c.defaultLabel ? (
                  <Badge variant={c.defaultConnected ? "success" : "warning"}>Default {c.defaultLabel.split(" ")[0]}</Badge>
                ) : (
                  <Badge variant="warning">No default</Badge>
                )}
              </CardAction>
            </CardHeader>
          </Card>
        ))}
        <Card>
          <CardHeader>
            <CardDescription>Sends today</CardDescription>
            <CardTitle className="text-2xl tabular-nums">{data.sendsToday}</CardTitle>
          </CardHeader>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Configuration warnings</CardTitle>
          <CardDescription>Found from the current configuration; the Doctor checks contacts and tags too.</CardDescription>
        </CardHeader>
        <CardContent>
          {data.warnings.length === 0 ? (
            <p className="flex items-center gap-2 text-sm text-success">
              <CircleCheckIcon className="size-4" aria-hidden />
              Every channel has a connected default.
            </p>
          ) : (
            <ul className="grid gap-2">
              {data.warnings.map((w) => (
                <li key={w.text} className="flex items-start gap-2 text-sm">
                  <CircleAlertIcon
                    className={
                      w.level === "destructive" ? "mt-0.5 size-4 shrink-0 text-destructive" : "mt-0.5 size-4 shrink-0 text-warning"
                    }
                    aria-hidden
                  />
                  <Link href={`/${locationId}/${w.href}`} className="hover:underline">
                    {w.text}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Sends per instance</CardTitle>
            <CardDescription>Successful sends per day, last {data.days} days.</CardDescription>
          </CardHeader>
          <CardContent>
            <SendsPerDayChart series={data.sendsPerDay.series} rows={data.sendsPerDay.rows} />
          </CardContent>
        </Card>
        <LiveFeed initial={data.recentEvents} />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Rules and errors</CardTitle>
          <CardDescription>Which rule decided each message over the last {data.days} days, and why attempts failed.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6 lg:grid-cols-2">
          <RulesChart rules={data.rules} />
          <ErrorList locationId={locationId} errors={data.errors} />
        </CardContent>
      </Card>
    </div>
  );
}

function ErrorList({ locationId, errors }: { locationId: string; errors: Overview["errors"] }) {
  if (errors.length === 0) return <p className="text-sm text-muted-foreground">No failed attempts this week.</p>;
  return (
    <ul className="grid content-start gap-2" aria-label="Errors">
      {errors.map((e) => (
        <li key={`${e.code}-${e.name}`} className="flex items-center justify-between gap-3 rounded-md border px-3 py-2 text-sm">
          <Link href={`/${locationId}/messages?errorCode=${e.code ?? ""}`} className="hover:underline">
            <span className="font-mono text-xs text-muted-foreground">{e.code ?? "—"}</span> {e.name}
          </Link>
          <Badge variant="destructive" className="tabular-nums">
            {e.count}
          </Badge>
        </li>
      ))}
    </ul>
  );
}
