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
  emailTo: true,
  emailAttempts: true,
  emailDueAt: true,
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
  /**
   * The alert e-mail (null: none was owed — no addresses): when the SMTP server took it; else the
   * last attempt's reason, the attempts so far and when the next is due (null: given up).
   */
  email: { sentAt: string | null; error: string | null; attempts: number; nextAttemptAt: string | null } | null;
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
  emailTo: string | null;
  emailAttempts: number;
  emailDueAt: Date | null;
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
    email:
      row.emailTo !== null || row.emailedAt || row.emailError
        ? {
            sentAt: row.emailedAt?.toISOString() ?? null,
            error: row.emailError,
            attempts: row.emailAttempts,
            nextAttemptAt: row.emailDueAt?.toISOString() ?? null,
          }
        : null,
  };
}
