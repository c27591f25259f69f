"use client";

import { useQueryClient } from "@tanstack/react-query";
import { StarIcon } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { unwrap } from "@/components/common/action-result";
import { channelLabel, instanceTag } from "@/components/common/format";
import { queryKeys } from "@/components/live/live-event";
import { ImpactConfirmDialog } from "@/components/routing/impact-preview";
import { Button } from "@/components/ui/button";
import type { LiveInstanceView } from "@/lib/instances/list-instances";
import { cn } from "@/lib/utils";
import { type ImpactChange, impactSource } from "../impact-source";
import { setDefaultInstanceAction } from "./mutations";

/**
 * Makes an instance its channel's default (the old default is unset atomically), after the admin
 * has seen what the move would do to the last 7 days' messages and confirmed.
 */
export function DefaultStar({ locationId, instance, editable }: { locationId: string; instance: LiveInstanceView; editable: boolean }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const tag = instanceTag(instance.channel, instance.index);
  const setDefault = useAction(setDefaultInstanceAction);

  async function confirm() {
    try {
      unwrap(await setDefault.executeAsync({ locationId, instanceId: instance.id }));
    } catch (error) {
      toast.error("Could not change the default", { description: (error as Error).message });
      throw error; // keeps the dialog open to retry
    }
    queryClient.setQueryData<LiveInstanceView[]>(queryKeys.instances(locationId), (rows) =>
      rows?.map((r) => (r.channel === instance.channel ? { ...r, isDefault: r.id === instance.id } : r)),
    );
    void queryClient.invalidateQueries({ queryKey: queryKeys.location(locationId) });
    toast.success(`${tag} ${instance.label} is now the default`);
  }

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
    <>
      <Button
        variant="ghost"
        size="icon-sm"
        aria-label={`Make ${tag} ${instance.label} the default`}
        title="Make default"
        onClick={() => setConfirming(true)}
      >
        {icon}
      </Button>
      <ImpactConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Make ${tag} ${instance.label} the default?`}
        description={`It will send every ${channelLabel(instance.channel)} message that no override, tag, assignment or conversation gives a number, in place of the channel's current default.`}
        confirmLabel="Make default"
        onConfirm={confirm}
        source={impactSource(locationId, { defaults: { [instance.channel]: instance.id } as ImpactChange["defaults"] })}
      />
    </>
  );
}
