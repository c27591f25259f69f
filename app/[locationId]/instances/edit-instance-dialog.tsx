"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/common/field-error";
import { FormField } from "@/components/common/form-field";
import { instanceTag } from "@/components/common/format";
import { useFormAction } from "@/components/common/use-form-action";
import { queryKeys } from "@/components/live/live-event";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import type { LiveInstanceView } from "@/lib/instances/list-instances";
import type { UserView } from "@/lib/users/list-users";
import { updateInstanceSchema } from "./instances.schema";
import { updateInstanceAction } from "./mutations";

type Props = { locationId: string; instance: LiveInstanceView; team: UserView[]; open: boolean; onOpenChange: (open: boolean) => void };

export function EditInstanceDialog({ locationId, instance, team, open, onOpenChange }: Props) {
  const queryClient = useQueryClient();
  const [label, setLabel] = useState(instance.label);
  const [warming, setWarming] = useState(instance.warmingDays?.toString() ?? "");
  const [users, setUsers] = useState<string[]>(instance.assignedUsers.map((u) => u.id));
  const save = useFormAction(updateInstanceAction, updateInstanceSchema, {
    onSuccess: async () => {
      toast.success("Instance saved");
      onOpenChange(false);
      await queryClient.invalidateQueries({ queryKey: queryKeys.location(locationId) });
    },
  });
  const { errors } = save;

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    save.submit({
      locationId,
      instanceId: instance.id,
      label,
      warmingDays: warming.trim() === "" ? null : Number(warming),
      assignedUserIds: users,
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {instanceTag(instance.channel, instance.index)}</DialogTitle>
          <DialogDescription>
            A user has at most one number per channel: assigning this one replaces their current {instance.channel} number.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <FormField id="edit-label" label="Label" error={errors.label}>
            {(control) => <Input {...control} value={label} onChange={(e) => setLabel(e.target.value)} />}
          </FormField>
          <FormField id="edit-warming" label="Warming days (empty = location default)" error={errors.warmingDays}>
            {(control) => <Input {...control} inputMode="numeric" value={warming} onChange={(e) => setWarming(e.target.value)} />}
          </FormField>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Assigned users</legend>
            <div className="grid max-h-48 gap-2 overflow-y-auto rounded-md border p-3">
              {team.map((user) => (
                // biome-ignore lint/a11y/noLabelWithoutControl: the Radix Checkbox inside renders the control (a button) this label names
                <label key={user.id} className="flex items-center gap-2 text-sm">
                  <Checkbox
                    checked={users.includes(user.id)}
                    onCheckedChange={(checked) => setUsers((cur) => (checked ? [...cur, user.id] : cur.filter((id) => id !== user.id)))}
                  />
                  {user.name} <span className="text-xs text-muted-foreground">{user.role}</span>
                </label>
              ))}
            </div>
            <FieldError id="edit-users-error" message={errors.assignedUserIds} />
          </fieldset>
          {errors._form && <FieldError id="edit-form-error" message={errors._form} />}
          <DialogFooter>
            <Button type="submit" disabled={save.isPending}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
