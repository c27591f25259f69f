// Next.js calls register() once when a server process starts: the webhook delivery worker and the
// outbox dispatcher run in the Node.js runtime of each app process (WEBHOOK_WORKER=off and
// OUTBOX_DISPATCHER=off disable them in a process), and the alert sweeper (ALERT_SWEEP=off).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (env().WEBHOOK_WORKER === "on") {
    const { startWebhookWorker } = await import("@/lib/webhooks/worker");
    startWebhookWorker();
  }
  if (env().OUTBOX_DISPATCHER === "on") {
    const { startDispatcher } = await import("@/lib/delivery/dispatcher");
    startDispatcher();
  }
  const { startAlertSweeper } = await import("@/lib/alerts/alert-sweeper");
  startAlertSweeper();
}
