import { Badge, type BadgeProps } from "@/components/ui/badge";
import { MESSAGE_STATUS_LABELS, type MessageStatus } from "@/lib/domain";

const VARIANTS: Record<MessageStatus | "received", BadgeProps["variant"]> = {
  queued: "warning",
  scheduled: "warning",
  sent: "secondary",
  delivered: "success",
  read: "info",
  failed: "destructive",
  received: "outline",
};

/** A message's delivery status in words and colour (never colour alone); `received` for an inbound message. */
export function MessageStatusBadge({ status, className }: { status: string; className?: string }) {
  const known = status in VARIANTS ? (status as MessageStatus | "received") : null;
  const label = known === "received" ? "Received" : known ? MESSAGE_STATUS_LABELS[known] : status;
  return (
    <Badge variant={known ? VARIANTS[known] : "outline"} className={className} data-status={status}>
      {label}
    </Badge>
  );
}
