import "server-only";
// An alert as the API, the bell and the list show it (SPEC §3 `GET /alerts`): kind, instance or
// channel, since, message, plus when it was raised, resolved, acknowledged and e-mailed.
import type { AlertKind } from "@/lib/domain";
import type { Channel } from "@/lib/engine/types";

/** The columns an alert's view reads. */
export const alertSelect = {
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
