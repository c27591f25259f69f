import "server-only";
// GET /alerts and the dashboard's bell and list (SPEC §3, §4): the raised alerts that are open,
// and the resolved ones raised in the last RECENT_DAYS; newest raised first. Pending ones (inside
// their grace period) are not shown: nothing has been raised yet.
import { type AlertView, alertSelect, alertView } from "@/lib/alerts/alert-view";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { DAY_MS } from "@/lib/engine/time";

const RECENT_DAYS = 7;
const LIMIT = 100;

/** The open alerts, then the recent ones; `openCount` is what the bell shows: open and not acknowledged. */
export async function listAlerts(options: { ctx: ServiceContext; now?: number }): Promise<{ data: AlertView[]; openCount: number }> {
  const locationId = options.ctx.location.id;
  const recent = new Date((options.now ?? Date.now()) - RECENT_DAYS * DAY_MS);
  const [rows, openCount] = await Promise.all([
    db.alert.findMany({
      where: { locationId, OR: [{ status: "open" }, { status: "resolved", raisedAt: { gte: recent } }] },
      select: alertSelect,
      orderBy: [{ raisedAt: "desc" }, { id: "desc" }],
      take: LIMIT,
    }),
    db.alert.count({ where: { locationId, status: "open", acknowledgedAt: null } }),
  ]);
  return { data: rows.map(alertView), openCount };
}
