"use client";

import { type QueryKey, useQuery } from "@tanstack/react-query";
import type * as React from "react";
import { type ActionResultLike, unwrap } from "@/components/common/action-result";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/**
 * A card of what a server action reads: first the page's `initialData`, then the action's answer
 * again whenever a live event invalidates `queryKey` (live-event.ts).
 */
export function LiveCard<T>({
  title,
  description,
  queryKey,
  read,
  initialData,
  children,
}: {
  title: string;
  description: string;
  queryKey: QueryKey;
  read: () => Promise<ActionResultLike<T>>;
  initialData: T;
  children: (data: T) => React.ReactNode;
}) {
  const { data = initialData } = useQuery({ queryKey, queryFn: async () => unwrap(await read()), initialData });
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children(data)}</CardContent>
    </Card>
  );
}
