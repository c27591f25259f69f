import "server-only";
// Each app process looks for alert conditions every ALERT_SWEEP seconds (instrumentation.ts starts
// it), across all locations: a grace period ends, or a condition clears, without any request to
// notice it. A status change also asks for a look at its location at once (checkAlertsSoon), so a
// ban reaches the bell within a second. Runs never overlap within a process; across processes the
// database decides each step (lib/alerts/evaluate-alerts.ts), so running everywhere is safe.
import { evaluateAlerts } from "@/lib/alerts/evaluate-alerts";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

type Sweeper = { running: boolean; requested: Set<string | null>; run: () => void };

const sweeper = processSingleton<{ current: Sweeper | null }>("alert-sweeper", () => ({ current: null }));

export function startAlertSweeper(): void {
  const seconds = env().ALERT_SWEEP;
  if (seconds === null || sweeper.current) return;
  const state: Sweeper = {
    running: false,
    requested: new Set(),
    run: () => {
      if (state.running || state.requested.size === 0) return;
      state.running = true;
      // A full sweep covers every location asked for meanwhile.
      const scopes = state.requested.has(null) ? [null] : [...state.requested];
      state.requested.clear();
      (async () => {
        for (const locationId of scopes) await evaluateAlerts({ locationId });
      })()
        .catch((error: Error) => console.error("[alerts] evaluation failed:", error.message))
        .finally(() => {
          state.running = false;
          state.run();
        });
    },
  };
  sweeper.current = state;
  const timer = setInterval(() => {
    state.requested.add(null);
    state.run();
  }, seconds * 1000);
  timer.unref();
}

/** A change that may start or end a condition in this location: look now, not at the next sweep. */
export function checkAlertsSoon(locationId: string): void {
  const state = sweeper.current;
  if (!state) return;
  state.requested.add(locationId);
  state.run();
}
