import "server-only";
import { messagesPerDayByStatus } from "@/lib/db/message-stats";
import { DAY_MS } from "@/lib/engine/time";
import { listInstanceBoard } from "@/lib/instances/list-instance-board";

/** One instance's board row plus its sends and failures per day over the last `days` days. */
export async function getInstanceDetail(locationId: string, instanceId: string, days = 14, now = Date.now()) {
  const board = await listInstanceBoard(locationId, now);
  const instance = board.instances.find((i) => i.id === instanceId);
  if (!instance) return null;
  const since = new Date(now - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const rows = await messagesPerDayByStatus(locationId, instanceId, since);
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
  return { instance, minHealth: board.settings.minHealth, sendsPerDay: [...perDay.values()] };
}
