import { cn } from "@/lib/utils";

export type LiveState = "connecting" | "live" | "down";

const copy: Record<LiveState, { label: string; hint: string }> = {
  live: { label: "Live", hint: "Status updates arrive in real time" },
  connecting: { label: "Reconnecting…", hint: "Trying to reach the live status feed" },
  down: { label: "Offline", hint: "Live updates are paused; reload to retry" },
};

/** Dot + word showing the live-feed connection. The word hides below 640px unless `showLabel`. */
export function LiveIndicator({ state, showLabel = false, className }: { state: LiveState; showLabel?: boolean; className?: string }) {
  const { label, hint } = copy[state];
  return (
    <span
      role="status"
      aria-live="polite"
      title={hint}
      data-state={state}
      className={cn("inline-flex items-center gap-2 text-xs font-medium text-muted-foreground", className)}
    >
      <span className="relative flex size-2" aria-hidden>
        {state === "live" && <span className="absolute inline-flex size-full animate-ping rounded-full bg-success opacity-60" />}
        <span
          className={cn(
            "relative inline-flex size-2 rounded-full",
            state === "live" && "bg-success",
            state === "connecting" && "animate-pulse bg-warning",
            state === "down" && "bg-destructive",
          )}
        />
      </span>
      <span className={cn(!showLabel && "sr-only sm:not-sr-only")}>{label}</span>
    </span>
  );
}
