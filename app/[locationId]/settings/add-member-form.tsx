"use client";

import { UserPlusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/common/field-error";
import { FormField } from "@/components/common/form-field";
import { useFormAction } from "@/components/common/use-form-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { Role } from "@/lib/domain";
import { addMemberAction } from "./actions";
import { RoleSelect } from "./role-select";
import { addMemberActionSchema } from "./settings.schema";

/** Add a member by e-mail: an existing account joins as is; a new one gets a password shown once. */
export function AddMemberForm({ locationId }: { locationId: string }) {
  const router = useRouter();
  const [role, setRole] = useState<Role>("agent");
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const add = useFormAction(addMemberAction, addMemberActionSchema, {
    onSuccess: ({ data: added }) => {
      setCreated(added.password ? { email: added.member.email, password: added.password } : null);
      formRef.current?.reset();
      toast.success(`${added.member.name} added as ${added.member.role}`, {
        description: added.existingUser ? "They already had an account: they sign in with their own password." : undefined,
      });
      router.refresh();
    },
  });
  const { errors } = add;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    add.submit({ locationId, email: String(f.get("email") ?? ""), name: String(f.get("name") ?? ""), role });
  }

  return (
    <div className="grid grid-cols-1 gap-3">
      {created && (
        <div role="status" className="grid grid-cols-1 gap-1 rounded-md border border-success/40 bg-success/10 p-3 text-sm">
          <span className="font-medium wrap-anywhere">Give {created.email} this password — it will not be shown again.</span>
          <code className="break-all font-mono text-xs" data-testid="new-member-password">
            {created.password}
          </code>
        </div>
      )}
      <form ref={formRef} onSubmit={onSubmit} className="grid grid-cols-1 gap-3" noValidate>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <FormField id="member-email" label="E-mail" error={errors.email} className="min-w-0 gap-1.5">
            {(control) => <Input {...control} name="email" type="email" autoComplete="off" placeholder="name@example.com" />}
          </FormField>
          <FormField id="member-name" label="Name" error={errors.name} className="min-w-0 gap-1.5">
            {(control) => <Input {...control} name="name" autoComplete="off" placeholder="For a new account" />}
          </FormField>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <FormField id="member-role" label="Role" className="gap-1.5">
            {(control) => <RoleSelect {...control} className="w-36" value={role} onValueChange={setRole} />}
          </FormField>
          <Button type="submit" disabled={add.isPending}>
            <UserPlusIcon aria-hidden />
            Add member
          </Button>
        </div>
        {errors._form && !errors.email && !errors.name && <FieldError id="member-_form-error" message={errors._form} />}
      </form>
    </div>
  );
}
