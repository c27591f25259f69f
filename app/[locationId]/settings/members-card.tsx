"use client";

import { Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { RoleBadge } from "@/components/app-shell/location-switcher";
import { actionErrors } from "@/components/common/action-result";
import { FieldError } from "@/components/common/field-error";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import type { MemberView } from "@/lib/members/member-view";
import { changeMemberRoleAction, removeMemberAction } from "./actions";
import { AddMemberForm } from "./add-member-form";
import { RoleSelect } from "./role-select";

type Props = { locationId: string; members: MemberView[]; editable: boolean; currentUserId: string };

export function MembersCard({ locationId, members, editable, currentUserId }: Props) {
  return (
    <Card id="members" data-testid="members-card">
      <CardHeader>
        <CardTitle>Members</CardTitle>
        <CardDescription>
          {editable
            ? "Admins manage settings, numbers and members; agents assign and tag contacts; support staff read and debug. A location always keeps at least one admin."
            : "Members are managed by location admins."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid grid-cols-1 gap-4">
        {editable && <AddMemberForm locationId={locationId} />}
        {editable && <Separator />}
        <ul className="grid grid-cols-1 gap-3">
          {members.map((m) => (
            <MemberRow key={m.userId} locationId={locationId} member={m} editable={editable} self={m.userId === currentUserId} />
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

function MemberRow({ locationId, member, editable, self }: { locationId: string; member: MemberView; editable: boolean; self: boolean }) {
  const router = useRouter();
  const errorId = `member-${member.userId}-error`;
  // One line beside the member tells of the latest attempt: starting one clears the other's.
  const changeRole = useAction(changeMemberRoleAction, {
    onExecute: (): void => remove.reset(),
    onSuccess: ({ input }) => {
      toast.success(`${member.name} is now ${input.role}`);
      router.refresh();
    },
  });
  const remove = useAction(removeMemberAction, { onExecute: (): void => changeRole.reset() });
  const error = actionErrors(changeRole)._form ?? actionErrors(remove)._form;

  // A refusal (the last admin) is final: the dialog closes and the hook's result shows the reason
  // beside the member. Success is answered here, not in onSuccess: a live update may remove this
  // row — and unmount this component — before the hook's effects would run.
  async function confirmRemove() {
    const result = await remove.executeAsync({ locationId, userId: member.userId }).catch(() => undefined);
    if (!result?.data) return;
    toast.success(`${member.name} removed`);
    if (result.data.self) router.push("/");
    else router.refresh();
  }

  return (
    <li data-testid="member-row" className="grid min-w-0 grid-cols-1 gap-1">
      <div className="flex items-center justify-between gap-2 text-sm">
        <span className="min-w-0">
          <span className="flex items-center gap-1.5 font-medium">
            <span className="truncate">{member.name}</span>
            {self && <Badge variant="secondary">you</Badge>}
          </span>
          <span className="block truncate text-xs text-muted-foreground">{member.email}</span>
        </span>
        {editable ? (
          <span className="flex shrink-0 items-center gap-1.5">
            <RoleSelect
              value={member.role}
              onValueChange={(role) => changeRole.execute({ locationId, userId: member.userId, role })}
              disabled={changeRole.isPending}
              size="sm"
              className="w-28"
              aria-label={`Role of ${member.name}`}
              aria-invalid={!!error}
              aria-describedby={errorId}
            />
            <ConfirmDialog
              trigger={
                <Button variant="ghost" size="icon-sm" aria-label={`Remove ${member.name}`}>
                  <Trash2Icon aria-hidden />
                </Button>
              }
              title={`Remove ${member.name}?`}
              description={`${member.email} loses access to this location at once: their next request is refused and their live views stop. Their account, their other locations, and the contacts and numbers assigned to them stay.`}
              confirmLabel="Remove member"
              onConfirm={confirmRemove}
            />
          </span>
        ) : (
          <RoleBadge role={member.role} />
        )}
      </div>
      <FieldError id={errorId} message={error} />
    </li>
  );
}
