import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { messagesPerDayByStatus } from "@/lib/db/message-stats";
import { DAY_MS } from "@/lib/engine/time";
import { getInstance } from "@/lib/instances/get-instance";

/** One instance as the list shows it, plus its sends and failures per day over the last `days` days. */
export async function getInstanceDetail(options: {
  ctx: ServiceContext;
  instanceId: string;
  days?: number;
  now?: number;
  baseUrl?: string;
}) {
  const { ctx, instanceId, days = 14, now = Date.now(), baseUrl } = options;
  const { instance, settings } = await getInstance({ ctx, instanceId, now, baseUrl });
  const since = new Date(now - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const rows = await messagesPerDayByStatus(ctx.location.id, instanceId, since);
  const perDay = new Map<string, { day: string; sent: number; failed: number }>();
  for (let d = days - 1; d >= 0; d--) {
    const day = new Date(now - d * DAY_MS).toISOString().slice(0, 10);
    perDay.set(day, { day, sent: 0, failed: 0 });
  }
  for (const row of rows) {
    const bucket = perDay.get(row.day);
    if (!bucket) continue;
    if (row.status === "failed") bucket.failed += Number(row.n);
    else bucket.sent += Number(row.n);
  }
  return { instance, minHealth: settings.minHealth, sendsPerDay: [...perDay.values()] };
}
