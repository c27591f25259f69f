import { shortDateTime } from "@/components/common/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

// cancelled: the webhook URL was changed or cleared while the delivery was pending.
const VARIANT = { succeeded: "success", failed: "destructive", cancelled: "secondary", pending: "warning" } as const;

type Delivery = {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  attemptLog: { at: string; statusCode: number | null; error: string | null; durationMs: number }[];
};

export function WebhookLog({ deliveries }: { deliveries: Delivery[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Webhook deliveries</CardTitle>
        <CardDescription>Signed the Standard Webhooks way; failed attempts retry with backoff for over a day.</CardDescription>
      </CardHeader>
      <CardContent>
        {deliveries.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No deliveries yet. Set a webhook URL, and status changes and failed messages are posted to it.
          </p>
        ) : (
          <ul className="grid gap-2">
            {deliveries.map((d) => {
              const last = d.attemptLog[d.attemptLog.length - 1];
              return (
                <li key={d.id} className="grid gap-0.5 rounded-md border px-3 py-2 text-sm">
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-mono text-xs">{d.eventType}</span>
                    <Badge variant={VARIANT[d.status as keyof typeof VARIANT] ?? "warning"}>{d.status}</Badge>
                  </div>
                  <span className="text-xs text-muted-foreground">
                    {shortDateTime(d.createdAt)} UTC · {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                    {last && ` · last: ${last.statusCode ?? last.error ?? "no answer"} in ${last.durationMs} ms`}
                    {d.nextAttemptAt && ` · next ${shortDateTime(d.nextAttemptAt)}`}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
