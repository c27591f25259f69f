"use client";

import { LiveIndicator } from "@/components/app-shell/live-indicator";
import { useLive } from "@/components/live/live-events-provider";

export function LiveStatus() {
  const { state } = useLive();
  return <LiveIndicator state={state} />;
}
