import { Badge, type BadgeProps } from "@/components/ui/badge";

const STATUS_LABELS: Record<string, string> = {
  qr_pending: "QR pending",
  connecting: "Connecting",
  connected: "Connected",
  disconnected: "Disconnected",
};
const REASON_LABELS: Record<string, string> = { transient: "transient", logged_out: "logged out", banned: "banned" };

export function statusText(status: string, reason: string | null | undefined) {
  const label = STATUS_LABELS[status] ?? status;
  return reason ? `${label} (${REASON_LABELS[reason] ?? reason})` : label;
}

function variantOf(status: string, reason: string | null | undefined): BadgeProps["variant"] {
  if (status === "connected") return "success";
  if (status === "disconnected") return reason === "banned" ? "critical" : reason === "transient" ? "secondary" : "destructive";
  return "warning";
}

/** Colour + words (never colour alone): "Disconnected (logged out)". */
export function StatusBadge({ status, reason, className }: { status: string; reason?: string | null; className?: string }) {
  return (
    <Badge variant={variantOf(status, reason)} className={className} data-status={status}>
      <span aria-hidden className="size-1.5 rounded-full bg-current" />
      {statusText(status, reason)}
    </Badge>
  );
}
