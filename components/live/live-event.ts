import type { QueryClient } from "@tanstack/react-query";

export type LiveEvent = {
  id: string;
  type: string;
  receivedAt: number;
  data: Record<string, unknown>;
};

/** Query keys shared by every page: everything of a location lives under ["loc", id]. */
export const queryKeys = {
  location: (locationId: string) => ["loc", locationId] as const,
  instances: (locationId: string) => ["loc", locationId, "instances"] as const,
  instanceHistory: (locationId: string, instanceId: string) => ["loc", locationId, "instance-history", instanceId] as const,
  overview: (locationId: string) => ["loc", locationId, "overview"] as const,
  messages: (locationId: string) => ["loc", locationId, "messages"] as const,
  contacts: (locationId: string) => ["loc", locationId, "contacts"] as const,
};

export function parseLiveEvent(message: MessageEvent<string>): LiveEvent | null {
  try {
    const raw = JSON.parse(message.data) as Record<string, unknown>;
    const type = message.type !== "message" ? message.type : String(raw.type ?? "message");
    const data = (raw.data && typeof raw.data === "object" ? raw.data : raw) as Record<string, unknown>;
    return { id: message.lastEventId || String(raw.id ?? Date.now()), type, data, receivedAt: Date.now() };
  } catch {
    return null;
  }
}

/** The instance a status event is about, whatever the exact payload nesting. */
export function statusChange(event: LiveEvent) {
  const d = event.data;
  const instance = (d.instance ?? {}) as Record<string, unknown>;
  const id = String(d.instanceId ?? instance.id ?? d.id ?? "");
  const to = String(d.to ?? d.toStatus ?? d.status ?? "");
  const reason = (d.reason ?? d.toReason ?? null) as string | null;
  return {
    id,
    to,
    from: String(d.from ?? d.fromStatus ?? ""),
    reason,
    index: (d.index ?? instance.index ?? null) as number | null,
    phone: (d.phone ?? instance.phone ?? null) as string | null,
    at: String(d.at ?? new Date().toISOString()),
  };
}

type PatchableInstance = { id: string; status: string; statusReason: string | null; statusChangedAt?: string | Date };

export function applyLiveEvent(queryClient: QueryClient, locationId: string, event: LiveEvent) {
  if (event.type === "instance.status_changed") {
    const change = statusChange(event);
    queryClient.setQueryData<PatchableInstance[]>(queryKeys.instances(locationId), (rows) =>
      rows?.map((row) =>
        row.id === change.id ? { ...row, status: change.to, statusReason: change.reason, statusChangedAt: change.at } : row,
      ),
    );
    void queryClient.invalidateQueries({ queryKey: queryKeys.instances(locationId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.instanceHistory(locationId, change.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.overview(locationId) });
    return;
  }
  if (event.type.startsWith("message.")) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.overview(locationId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.messages(locationId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.instances(locationId) });
  }
}
