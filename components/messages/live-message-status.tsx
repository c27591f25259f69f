"use client";

import { useLive } from "@/components/live/live-events-provider";
import { MESSAGE_STATUS_RANK, type MessageStatus } from "@/lib/domain";
import { MessageStatusBadge } from "./message-status-badge";

/**
 * A message's status as the page loaded it, moved forward by the live stream's
 * `message.status_changed` events for that message (the feed is newest first; a report never moves
 * a message back, and failed is final).
 */
export function LiveMessageStatus({ messageId, status }: { messageId: string; status: string }) {
  const live = useLiveMessageStatus(messageId, status);
  return <MessageStatusBadge status={live} />;
}

function useLiveMessageStatus(messageId: string, status: string): string {
  const { feed } = useLive();
  let current = status;
  for (let i = feed.length - 1; i >= 0; i--) {
    const event = feed[i];
    if (event.type !== "message.status_changed" || event.data.messageId !== messageId) continue;
    if (movesForward(current, event.data.to)) current = event.data.to;
  }
  return current;
}

function movesForward(from: string, to: MessageStatus): boolean {
  if (from === "failed") return false;
  if (to === "failed") return true;
  return MESSAGE_STATUS_RANK[to] > (MESSAGE_STATUS_RANK[from as MessageStatus] ?? -1);
}
