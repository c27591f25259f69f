"use client";

import { UserPlusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { FieldError } from "@/components/common/field-error";
import { useFormAction } from "@/components/common/use-form-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/domain";
import { addMemberAction } from "./actions";
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

  const fieldError = (name: string) => <FieldError id={`member-${name}-error`} message={errors[name]} />;
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
          <div className="grid min-w-0 gap-1.5">
            <Label htmlFor="member-email">E-mail</Label>
            <Input
              id="member-email"
              name="email"
              type="email"
              autoComplete="off"
              placeholder="name@example.com"
              aria-invalid={!!errors.email}
              aria-describedby="member-email-error"
            />
            {fieldError("email")}
          </div>
          <div className="grid min-w-0 gap-1.5">
            <Label htmlFor="member-name">Name</Label>
            <Input
              id="member-name"
              name="name"
              autoComplete="off"
              placeholder="For a new account"
              aria-invalid={!!errors.name}
              aria-describedby="member-name-error"
            />
            {fieldError("name")}
          </div>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <div className="grid gap-1.5">
            <Label htmlFor="member-role">Role</Label>
            <Select value={role} onValueChange={(v) => setRole(v as Role)}>
              <SelectTrigger id="member-role" className="w-36">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {ROLES.map((r) => (
                  <SelectItem key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <Button type="submit" disabled={add.isPending}>
            <UserPlusIcon aria-hidden />
            Add member
          </Button>
        </div>
        {errors._form && !errors.email && !errors.name && fieldError("_form")}
      </form>
    </div>
  );
}
