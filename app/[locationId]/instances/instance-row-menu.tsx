"use client";

import { useQueryClient } from "@tanstack/react-query";
import { MoreHorizontalIcon, PencilIcon, TrashIcon } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { unwrap } from "@/components/common/action-result";
import { instanceTag } from "@/components/common/format";
import { queryKeys } from "@/components/live/live-event";
import { ImpactConfirmDialog } from "@/components/routing/impact-preview";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { LiveInstanceView } from "@/lib/instances/list-instances";
import type { UserView } from "@/lib/users/list-users";
import { impactSource } from "../impact-source";
import { EditInstanceDialog } from "./edit-instance-dialog";
import { deleteInstanceAction } from "./mutations";

export function InstanceRowMenu({ locationId, instance, team }: { locationId: string; instance: LiveInstanceView; team: UserView[] }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const tag = instanceTag(instance.channel, instance.index);

  const remove = useAction(deleteInstanceAction);

  // Answered here rather than in the hook's onSuccess/onError: the live event of the deletion can
  // remove this row — and unmount this component — before the hook's effects would run.
  async function confirmDelete() {
    try {
      unwrap(await remove.executeAsync({ locationId, instanceId: instance.id, force: instance.isDefault }));
    } catch (error) {
      toast.error("Could not delete", { description: (error as Error).message });
      throw error; // keeps the dialog open to retry
    }
    toast.success(`Deleted ${tag} ${instance.label}`);
    await queryClient.invalidateQueries({ queryKey: queryKeys.location(locationId) });
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${tag} ${instance.label}`}>
            <MoreHorizontalIcon aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => setEditing(true)}>
            <PencilIcon aria-hidden />
            Edit, warming and users
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => setDeleting(true)}>
            <TrashIcon aria-hidden />
            Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <EditInstanceDialog locationId={locationId} instance={instance} team={team} open={editing} onOpenChange={setEditing} />
      {/* Its impact is previewed as if it were disconnected: a deleted number sends nothing either. */}
      <ImpactConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${tag} ${instance.label}?`}
        description={
          instance.isDefault
            ? `It is the ${instance.channel} default: the channel will have no default until you mark another. Messages with {{ ${tag} }} will fail with 101.`
            : `Messages that name ${tag} will fail with 101, and contacts tagged with its number with 103. Its message history is kept.`
        }
        confirmLabel="Delete instance"
        destructive
        onConfirm={confirmDelete}
        source={impactSource(locationId, { disconnected: [instance.id] })}
      />
    </>
  );
}
