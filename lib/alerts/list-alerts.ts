import "server-only";
// GET /alerts and the dashboard's bell and list (SPEC §3, §4): the raised alerts that are open,
// and those resolved or acknowledged in the last RECENT_DAYS; newest raised first. Pending ones
// (inside their grace period) are not shown: nothing has been raised yet.
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import type { AlertKind } from "@/lib/domain";
import type { Channel } from "@/lib/engine/types";

const RECENT_DAYS = 7;
const LIMIT = 100;

const alertSelect = {
  id: true,
  kind: true,
  channel: true,
  status: true,
  message: true,
  since: true,
  raisedAt: true,
  resolvedAt: true,
  acknowledgedAt: true,
  acknowledgedBy: true,
  emailedAt: true,
  emailError: true,
  instance: { select: { id: true, index: true, phone: true, label: true } },
} as const;

export type AlertView = {
  id: string;
  kind: AlertKind;
  /** open: the condition still holds; resolved: it cleared. */
  status: "open" | "resolved";
  channel: Channel;
  instance: { id: string; index: number; phone: string | null; label: string } | null;
  message: string;
  since: string;
  raisedAt: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** The alert e-mail: when the SMTP server took it, or why none went out (null: no addresses). */
  email: { sentAt: string | null; error: string | null } | null;
};

type AlertRow = {
  id: string;
  kind: string;
  channel: string;
  status: string;
  message: string;
  since: Date;
  raisedAt: Date | null;
  resolvedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  emailedAt: Date | null;
  emailError: string | null;
  instance: AlertView["instance"];
};

export function alertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    kind: row.kind as AlertKind,
    status: row.status === "open" ? "open" : "resolved",
    channel: row.channel as Channel,
    instance: row.instance,
    message: row.message,
    since: row.since.toISOString(),
    raisedAt: (row.raisedAt ?? row.since).toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: row.acknowledgedBy,
    email: row.emailedAt || row.emailError ? { sentAt: row.emailedAt?.toISOString() ?? null, error: row.emailError } : null,
  };
}

export { alertSelect };

/** The open alerts, then the recent ones; `openCount` is what the bell shows: open and not acknowledged. */
export async function listAlerts(options: { ctx: ServiceContext; now?: number }): Promise<{ data: AlertView[]; openCount: number }> {
  const locationId = options.ctx.location.id;
  const recent = new Date((options.now ?? Date.now()) - RECENT_DAYS * 86_400_000);
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
