"use client";

import { useQueryClient } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/common/field-error";
import { channelLabel } from "@/components/common/format";
import { useFormAction } from "@/components/common/use-form-action";
import { queryKeys } from "@/components/live/live-event";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { CHANNELS } from "@/lib/engine/types";
import type { UserView } from "@/lib/users/list-users";
import { createInstanceSchema } from "./instances.schema";
import { createInstanceAction } from "./mutations";

/** "Add instance": the same zod schema validates here and on the server; server errors land by the field. */
export function InstanceFormDialog({ locationId }: { locationId: string; team: UserView[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [channel, setChannel] = useState<string>("whatsapp");
  const create = useFormAction(createInstanceAction, createInstanceSchema, {
    onSuccess: ({ data: created }) => {
      toast.success(`Added ${created.label}`);
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.location(locationId) });
      router.refresh();
    },
  });
  const { errors } = create;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.submit({ locationId, channel, phone: String(form.get("phone") ?? ""), label: String(form.get("label") ?? "") });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        create.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm">
          <PlusIcon aria-hidden />
          Add instance
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add an instance</DialogTitle>
          <DialogDescription>It gets the next free index on its channel (e.g. WA#5) and starts as “QR pending”.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <div className="grid gap-2">
            <Label htmlFor="instance-channel">Channel</Label>
            <Select value={channel} onValueChange={setChannel}>
              <SelectTrigger id="instance-channel" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {CHANNELS.map((c) => (
                  <SelectItem key={c} value={c}>
                    {channelLabel(c)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="instance-phone">Phone number</Label>
            <Input
              id="instance-phone"
              name="phone"
              placeholder="+1 555 010 0005"
              aria-invalid={!!errors.phone}
              aria-describedby="instance-phone-error"
            />
            <FieldError id="instance-phone-error" message={errors.phone} />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="instance-label">Label</Label>
            <Input
              id="instance-label"
              name="label"
              placeholder="Support line"
              aria-invalid={!!errors.label}
              aria-describedby="instance-label-error"
            />
            <FieldError id="instance-label-error" message={errors.label} />
          </div>
          {errors._form && !errors.phone && !errors.label && <FieldError id="instance-form-error" message={errors._form} />}
          <DialogFooter>
            <Button type="submit" disabled={create.isPending}>
              Add instance
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
