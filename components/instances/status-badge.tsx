import { Badge, type BadgeProps } from "@/components/ui/badge";
import { STATUS_LABELS, STATUS_REASON_LABELS } from "@/lib/domain";
import type { InstanceStatus, StatusReason } from "@/lib/engine/types";

function statusText(status: string, reason: string | null | undefined) {
  const label = STATUS_LABELS[status as InstanceStatus] ?? status;
  return reason ? `${label} (${STATUS_REASON_LABELS[reason as StatusReason] ?? reason})` : label;
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
