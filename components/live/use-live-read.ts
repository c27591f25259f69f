"use client";

import { type QueryKey, useQuery } from "@tanstack/react-query";
import { type ActionResultLike, unwrap } from "@/components/common/action-result";

/**
 * What a server action reads, kept live: first the page's `initialData`, then the action's answer
 * again whenever a live event invalidates `queryKey` (live-event.ts). A refused read throws, for the
 * nearest error boundary.
 */
export function useLiveRead<T>(queryKey: QueryKey, read: () => Promise<ActionResultLike<T>>, initialData: T): T {
  const { data = initialData } = useQuery({ queryKey, queryFn: async () => unwrap(await read()), initialData });
  return data;
}
