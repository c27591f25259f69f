"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { LiveState } from "@/components/app-shell/live-indicator";
import { applyLiveEvent, type LiveEvent, parseLiveEvent } from "@/components/live/live-event";
import { EVENT_TYPES } from "@/lib/events/event-types";

const FEED_SIZE = 40;

type LiveContextValue = {
  state: LiveState;
  /** Newest first. */
  feed: LiveEvent[];
};
const LiveContext = createContext<LiveContextValue>({ state: "connecting", feed: [] });

/**
 * One EventSource per tab on /api/v1/events (the session cookie authenticates it). Each event
 * patches the react-query cache at once (status badges move within a second) and invalidates the
 * queries it affects. The browser resends Last-Event-ID on its own reconnects, so the server
 * replays what was missed; if the stream was closed for good we open a new one and refetch
 * everything, which catches up the same way.
 */
export function LiveEventsProvider({ locationId, children }: { locationId: string; children: ReactNode }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [state, setState] = useState<LiveState>("connecting");
  const [feed, setFeed] = useState<LiveEvent[]>([]);
  const routerRef = useRef(router);
  routerRef.current = router;

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let hadError = false;
    let disposed = false;

    function handle(message: MessageEvent<string>) {
      const event = parseLiveEvent(message);
      if (!event) return;
      setFeed((current) => (current.some((e) => e.id === event.id) ? current : [event, ...current].slice(0, FEED_SIZE)));
      applyLiveEvent(queryClient, locationId, event);
    }

    function open() {
      source = new EventSource(`/api/v1/events?locationId=${encodeURIComponent(locationId)}`);
      source.onopen = () => {
        setState("live");
        if (hadError) {
          hadError = false;
          void queryClient.invalidateQueries();
          routerRef.current.refresh();
        }
      };
      source.onerror = () => {
        hadError = true;
        if (source?.readyState === EventSource.CLOSED) {
          setState("down");
          source.close();
          if (!disposed) retryTimer = setTimeout(open, 3000);
        } else {
          setState("connecting");
        }
      };
      for (const type of EVENT_TYPES) source.addEventListener(type, handle as EventListener);
    }

    open();
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [locationId, queryClient]);

  const value = useMemo(() => ({ state, feed }), [state, feed]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive() {
  return useContext(LiveContext);
}
