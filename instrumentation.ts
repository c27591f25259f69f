// Next.js calls register() once when a server process starts: the webhook delivery worker runs
// in the Node.js runtime of each app process (WEBHOOK_WORKER=off disables it in a process).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (env().WEBHOOK_WORKER !== "on") return;
  const { startWebhookWorker } = await import("@/lib/webhooks/worker");
  startWebhookWorker();
}
