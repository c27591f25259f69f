import "server-only";
// Each app process looks for alert conditions every ALERT_SWEEP seconds (instrumentation.ts starts
// it), across all locations: a grace period ends, or a condition clears, without any request to
// notice it; and it sends the alert e-mails that are due (retries, and any a dead process owed). A
// status change also asks for a look at its location at once (checkAlertsSoon), so a ban reaches
// the bell within a second, even while a long sweep runs (see Lane). Across lanes and processes the
// database decides each step (lib/alerts/evaluate-alerts.ts), so running everywhere is safe.
import { sendDueAlertMails } from "@/lib/alerts/alert-mail-outbox";
import { evaluateAlerts } from "@/lib/alerts/evaluate-alerts";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

/**
 * Two lanes, each never overlapping itself: the periodic sweep of every location, and the
 * locations a status change asked about. A look at one location never waits behind a full sweep
 * (which, with many locations and new conditions to record, can take seconds): the lanes may run
 * at once, as two processes may, and the database decides each step either way.
 */
type Lane = { running: boolean; requested: Set<string | null> };
type Sweeper = { sweep: Lane; soon: Lane };

const sweeper = processSingleton<{ current: Sweeper | null }>("alert-sweeper", () => ({ current: null }));

export function startAlertSweeper(): void {
  const seconds = env().ALERT_SWEEP;
  if (seconds === null || sweeper.current) return;
  const state: Sweeper = { sweep: lane(), soon: lane() };
  sweeper.current = state;
  const timer = setInterval(() => {
    state.sweep.requested.add(null);
    run(state.sweep);
  }, seconds * 1000);
  timer.unref();
}

/** A change that may start or end a condition in this location: look now, not at the next sweep. */
export function checkAlertsSoon(locationId: string): void {
  const state = sweeper.current;
  if (!state) return;
  state.soon.requested.add(locationId);
  run(state.soon);
}

function lane(): Lane {
  return { running: false, requested: new Set() };
}

/** Evaluates what the lane was asked for (null: every location), then anything asked meanwhile. */
function run(lane: Lane): void {
  if (lane.running || lane.requested.size === 0) return;
  lane.running = true;
  const scopes = lane.requested.has(null) ? [null] : [...lane.requested];
  lane.requested.clear();
  (async () => {
    for (const locationId of scopes) await evaluateAlerts({ locationId });
    // The periodic sweep also sends the alert e-mails that are due: retries, and those a process
    // that died after raising never sent (lib/alerts/alert-mail-outbox.ts).
    if (scopes.includes(null)) await sendDueAlertMails();
  })()
    .catch((error: Error) => console.error("[alerts] evaluation failed:", error.message))
    .finally(() => {
      lane.running = false;
      run(lane);
    });
}
