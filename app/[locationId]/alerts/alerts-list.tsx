"use client";

import { useQueryClient } from "@tanstack/react-query";
import { BellOffIcon, CheckIcon } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { EmptyState } from "@/components/app-shell/empty-state";
import { refusalMessage } from "@/components/common/action-result";
import { channelLabel, shortDateTime, timeAgo } from "@/components/common/format";
import { queryKeys } from "@/components/live/live-event";
import { useCan } from "@/components/live/role-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { AlertView } from "@/lib/alerts/alert-view";
import { ALERT_KIND_LABELS } from "@/lib/domain";
import { acknowledgeAlertAction } from "./actions";
import { useAlerts } from "./use-alerts";

/** The location's alerts, live: open ones first; admins acknowledge. */
export function AlertsList({ locationId, initial }: { locationId: string; initial: { data: AlertView[]; openCount: number } }) {
  const { data } = useAlerts(locationId, initial);
  const queryClient = useQueryClient();
  const canAck = useCan("manageSettings");
  const ack = useAction(acknowledgeAlertAction, {
    onSuccess: () => {
      toast.success("Alert acknowledged");
      void queryClient.invalidateQueries({ queryKey: queryKeys.alerts(locationId) });
    },
    onError: ({ error }) => toast.error(refusalMessage(error)),
  });
  const alerts = [...(data?.data ?? [])].sort((a, b) => Number(b.status === "open") - Number(a.status === "open"));
  if (alerts.length === 0) {
    return <EmptyState icon={<BellOffIcon />} title="No alerts" description="Nothing has needed an admin in the last 7 days." />;
  }
  return (
    <ul className="grid gap-3" aria-label="Alerts">
      {alerts.map((alert) => (
        <li key={alert.id} data-testid="alert" data-kind={alert.kind} data-status={alert.status}>
          <Card className={alert.status === "open" && !alert.acknowledgedAt ? "border-destructive/40" : undefined}>
            <CardHeader>
              <CardTitle className="flex flex-wrap items-center gap-2">
                {ALERT_KIND_LABELS[alert.kind]}
                <Badge variant="outline">{channelLabel(alert.channel)}</Badge>
                {alert.status === "open" ? <Badge variant="destructive">Open</Badge> : <Badge variant="success">Resolved</Badge>}
                {alert.acknowledgedAt && <Badge variant="secondary">Acknowledged</Badge>}
              </CardTitle>
              <CardDescription className="grid gap-1">
                <span className="text-foreground">{alert.message}</span>
                <span suppressHydrationWarning>
                  Since {shortDateTime(alert.since)} UTC · raised {timeAgo(alert.raisedAt)}
                  {alert.resolvedAt && <> · resolved {timeAgo(alert.resolvedAt)}</>}
                  {alert.acknowledgedAt && (
                    <>
                      {" "}
                      · acknowledged by {alert.acknowledgedBy} {timeAgo(alert.acknowledgedAt)}
                    </>
                  )}
                  {alert.email && <> · {emailWords(alert.email)}</>}
                </span>
              </CardDescription>
              {canAck && !alert.acknowledgedAt && (
                <CardAction>
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={ack.isPending}
                    onClick={() => ack.execute({ locationId, alertId: alert.id })}
                    aria-label={`Acknowledge ${ALERT_KIND_LABELS[alert.kind]}`}
                  >
                    <CheckIcon aria-hidden />
                    Acknowledge
                  </Button>
                </CardAction>
              )}
            </CardHeader>
          </Card>
        </li>
      ))}
    </ul>
  );
}

/** Where the alert's e-mail stands: sent, on its way, failed and to be tried again, or given up. */
function emailWords(email: NonNullable<AlertView["email"]>): string {
  if (email.sentAt) return "e-mailed";
  if (email.error === null) return "e-mail being sent";
  if (email.nextAttemptAt) return `e-mail not sent yet (attempt ${email.attempts}: ${email.error}); trying again`;
  return `e-mail not sent: ${email.error}`;
}
