import type { QueryClient } from "@tanstack/react-query";
import { type DomainEvent, domainEventSchema } from "@/lib/events/event-types";

/** A domain event as the stream delivered it: its stream id and when this tab received it. */
export type LiveEvent = DomainEvent & { id: string; receivedAt: number };

/** Query keys shared by every page: everything of a location lives under ["loc", id]. */
export const queryKeys = {
  location: (locationId: string) => ["loc", locationId] as const,
  instances: (locationId: string) => ["loc", locationId, "instances"] as const,
  instanceHistory: (locationId: string, instanceId: string) => ["loc", locationId, "instance-history", instanceId] as const,
  overview: (locationId: string) => ["loc", locationId, "overview"] as const,
  messages: (locationId: string) => ["loc", locationId, "messages"] as const,
  contacts: (locationId: string) => ["loc", locationId, "contacts"] as const,
  messageTimeline: (locationId: string, messageId: string) => ["loc", locationId, "message-timeline", messageId] as const,
  contactThread: (locationId: string, contactId: string) => ["loc", locationId, "contact-thread", contactId] as const,
  alerts: (locationId: string) => ["loc", locationId, "alerts"] as const,
};

/**
 * An SSE message (`event:` its type, `data:` its JSON) read with the server's own event schemas;
 * null for one that does not parse, which is logged rather than half-applied.
 */
export function parseLiveEvent(message: MessageEvent<string>): LiveEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    data = undefined;
  }
  const parsed = domainEventSchema.safeParse({ type: message.type, data });
  if (!parsed.success) {
    console.warn(`[live] ignored an unreadable ${message.type} event`, parsed.error.issues);
    return null;
  }
  return { ...parsed.data, id: message.lastEventId, receivedAt: Date.now() };
}

type PatchableInstance = { id: string; status: string; statusReason: string | null; statusChangedAt?: string | Date };

export function applyLiveEvent(queryClient: QueryClient, locationId: string, event: LiveEvent) {
  switch (event.type) {
    case "instance.status_changed": {
      const { instanceId, to, reason, at } = event.data;
      queryClient.setQueryData<PatchableInstance[]>(queryKeys.instances(locationId), (rows) =>
        rows?.map((row) => (row.id === instanceId ? { ...row, status: to, statusReason: reason, statusChangedAt: at } : row)),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.instances(locationId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.instanceHistory(locationId, instanceId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview(locationId) });
      // A status change may raise an alert or clear one (the bell's count).
      void queryClient.invalidateQueries({ queryKey: queryKeys.alerts(locationId) });
      return;
    }
    case "message.routed":
    case "message.failed":
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview(locationId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.messages(locationId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.instances(locationId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.contactThread(locationId, event.data.contactId) });
      return;
    // Delivery progress: the message's timeline and its contact's thread; headroom moves on `sent`.
    case "message.status_changed":
      void queryClient.invalidateQueries({ queryKey: queryKeys.messageTimeline(locationId, event.data.messageId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.contactThread(locationId, event.data.contactId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.instances(locationId) });
      return;
    case "message.inbound":
      void queryClient.invalidateQueries({ queryKey: queryKeys.contactThread(locationId, event.data.contactId) });
      return;
    case "alert.raised":
      void queryClient.invalidateQueries({ queryKey: queryKeys.alerts(locationId) });
      return;
  }
}
