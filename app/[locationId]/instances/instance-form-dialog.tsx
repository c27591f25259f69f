"use client";

import { useQueryClient } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ChannelSelect } from "@/components/common/channel-select";
import { FieldError } from "@/components/common/field-error";
import { FormField } from "@/components/common/form-field";
import { useFormAction } from "@/components/common/use-form-action";
import { queryKeys } from "@/components/live/live-event";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { createInstanceSchema } from "./instances.schema";
import { createInstanceAction } from "./mutations";

/** "Add instance": the same zod schema validates here and on the server; server errors land by the field. */
export function InstanceFormDialog({ locationId }: { locationId: string }) {
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
          <FormField id="instance-channel" label="Channel">
            {(control) => <ChannelSelect {...control} value={channel} onValueChange={setChannel} />}
          </FormField>
          <FormField id="instance-phone" label="Phone number" error={errors.phone}>
            {(control) => <Input {...control} name="phone" placeholder="+1 555 010 0005" />}
          </FormField>
          <FormField id="instance-label" label="Label" error={errors.label}>
            {(control) => <Input {...control} name="label" placeholder="Support line" />}
          </FormField>
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
