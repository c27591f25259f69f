"use client";

import { RadioIcon } from "lucide-react";
import { instanceTag, ruleLabel, timeAgo } from "@/components/common/format";
import { StatusBadge } from "@/components/instances/status-badge";
import type { LiveEvent } from "@/components/live/live-event";
import { useLive } from "@/components/live/live-events-provider";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ALERT_KIND_LABELS, MESSAGE_STATUS_LABELS } from "@/lib/domain";

type Initial = { id: string; to: string; reason: string | null; at: string; instance: string };

/** Live status feed: events from the stream on top of the latest stored status changes. */
export function LiveFeed({ initial }: { initial: Initial[] }) {
  const { feed, state } = useLive();
  const live = feed.map(describe);
  const items = [
    ...live,
    ...initial.map((e) => ({ key: e.id, title: e.instance, status: e.to, reason: e.reason, text: null as string | null, at: e.at })),
  ].slice(0, 12);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <RadioIcon className="size-4 text-primary" aria-hidden />
          Live feed
        </CardTitle>
        <CardDescription>
          {state === "live"
            ? "Status changes and routed messages as they happen."
            : "Reconnecting — missed events are replayed on reconnect."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="grid max-h-64 gap-3 overflow-y-auto" aria-live="polite" aria-label="Live events">
          {items.length === 0 && <li className="text-sm text-muted-foreground">Nothing yet. Events appear here within a second.</li>}
          {items.map((item) => (
            <li key={item.key} className="grid gap-1 text-sm">
              <div className="flex items-center justify-between gap-2">
                <span className="truncate font-medium">{item.title}</span>
                <span className="shrink-0 text-xs text-muted-foreground" suppressHydrationWarning>
                  {timeAgo(item.at)}
                </span>
              </div>
              {item.status ? (
                <StatusBadge status={item.status} reason={item.reason} />
              ) : (
                <span className="text-xs text-muted-foreground">{item.text}</span>
              )}
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}

function describe(event: LiveEvent) {
  const at = new Date(event.receivedAt).toISOString();
  switch (event.type) {
    case "instance.status_changed": {
      const { channel, index, to, reason } = event.data;
      return { key: event.id, title: instanceTag(channel, index), status: to as string | null, reason, text: null as string | null, at };
    }
    case "message.failed": {
      const { errorCode, errorName } = event.data;
      return {
        key: event.id,
        title: "Message failed",
        status: null,
        reason: null,
        text: typeof errorCode === "number" ? `Error ${errorCode} ${errorName}` : `Error ${errorName}`,
        at,
      };
    }
    case "message.routed":
      return { key: event.id, title: "Message routed", status: null, reason: null, text: ruleLabel(event.data.rule), at };
    case "message.status_changed": {
      const { to, detail } = event.data;
      const text = `${MESSAGE_STATUS_LABELS[to]}${detail ? ` — ${detail}` : ""}`;
      return { key: event.id, title: "Message status", status: null, reason: null, text, at };
    }
    case "message.inbound": {
      const { contactPhone, channel, index } = event.data;
      const text = `${contactPhone} wrote to ${instanceTag(channel, index)}`;
      return { key: event.id, title: "Inbound message", status: null, reason: null, text, at };
    }
    case "alert.raised":
      return {
        key: event.id,
        title: `Alert: ${ALERT_KIND_LABELS[event.data.kind]}`,
        status: null,
        reason: null,
        text: event.data.message,
        at,
      };
  }
}
