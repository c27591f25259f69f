"use client";

import { useQueryClient } from "@tanstack/react-query";
import { StarIcon } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { refusalMessage } from "@/components/common/action-result";
import { instanceTag } from "@/components/common/format";
import { queryKeys } from "@/components/live/live-event";
import { Button } from "@/components/ui/button";
import type { LiveInstanceView } from "@/lib/instances/list-instances";
import { cn } from "@/lib/utils";
import { setDefaultInstanceAction } from "./mutations";

/** One click makes an instance its channel's default (the old default is unset atomically). */
export function DefaultStar({ locationId, instance, editable }: { locationId: string; instance: LiveInstanceView; editable: boolean }) {
  const queryClient = useQueryClient();
  const tag = instanceTag(instance.channel, instance.index);
  const setDefault = useAction(setDefaultInstanceAction, {
    onSuccess: () => {
      queryClient.setQueryData<LiveInstanceView[]>(queryKeys.instances(locationId), (rows) =>
        rows?.map((r) => (r.channel === instance.channel ? { ...r, isDefault: r.id === instance.id } : r)),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.location(locationId) });
      toast.success(`${tag} ${instance.label} is now the default`);
    },
    onError: ({ error }) => toast.error("Could not change the default", { description: refusalMessage(error) }),
  });
  const icon = (
    <StarIcon aria-hidden className={cn("size-4", instance.isDefault ? "fill-warning text-warning" : "text-muted-foreground")} />
  );
  if (!editable || instance.isDefault) {
    return (
      <span className="inline-flex size-8 items-center justify-center" title={instance.isDefault ? "Default" : undefined}>
        {instance.isDefault ? icon : <span className="text-muted-foreground">—</span>}
        <span className="sr-only">{instance.isDefault ? `${tag} is the default` : "Not the default"}</span>
      </span>
    );
  }
  return (
    <Button
      variant="ghost"
      size="icon-sm"
      aria-label={`Make ${tag} ${instance.label} the default`}
      title="Make default"
      disabled={setDefault.isPending}
      onClick={() => setDefault.execute({ locationId, instanceId: instance.id })}
    >
      {icon}
    </Button>
  );
}
