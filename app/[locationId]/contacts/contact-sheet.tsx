"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { actionErrors, unwrap } from "@/components/common/action-result";
import { FieldError } from "@/components/common/field-error";
import { FormField } from "@/components/common/form-field";
import { channelLabel, displayPhone, instanceTag, ruleLabel } from "@/components/common/format";
import { MemberSelect, NOBODY, pickedUserId } from "@/components/common/member-select";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import type { UserView } from "@/lib/users/list-users";
import { contactRoutesAction, updateContactAction } from "./actions";
import type { ContactRow } from "./contacts-view";
import type { NumberOption } from "./tag-check";
import { TagChip } from "./tag-chip";
import { TagEditor } from "./tag-editor";

export type { NumberOption };

type Props = {
  locationId: string;
  contact: ContactRow;
  team: UserView[];
  numbers: NumberOption[];
  editable: boolean;
  onClose: () => void;
  onSaved: () => void;
};

export function ContactSheet({ locationId, contact, team, numbers, editable, onClose, onSaved }: Props) {
  const [tags, setTags] = useState(contact.tags);
  const [assignee, setAssignee] = useState(contact.assignedUser?.id ?? NOBODY);
  const routes = useQuery({
    queryKey: ["loc", locationId, "contact-routes", contact.id],
    queryFn: async () => unwrap(await contactRoutesAction({ locationId, contactId: contact.id })),
  });

  const save = useAction(updateContactAction, {
    onSuccess: () => {
      toast.success("Contact saved");
      onSaved();
      void routes.refetch();
    },
  });
  const errors = actionErrors(save);

  return (
    <Sheet open onOpenChange={(open) => !open && onClose()}>
      <SheetContent side="right" className="w-full gap-0 overflow-y-auto sm:max-w-md">
        <SheetHeader className="border-b p-5">
          <SheetTitle>{contact.name || "Unnamed contact"}</SheetTitle>
          <SheetDescription className="font-mono">{displayPhone(contact.phone)}</SheetDescription>
          <Button asChild variant="outline" size="sm" className="mt-2 w-fit">
            <Link href={`/${locationId}/contacts/${contact.id}`}>Thread and bindings</Link>
          </Button>
        </SheetHeader>
        <div className="grid gap-6 p-5">
          <section className="grid gap-2" aria-labelledby="routes-now">
            <h3 id="routes-now" className="text-sm font-medium">
              Which number sends right now
            </h3>
            <ul className="grid gap-1.5" data-testid="contact-routes">
              {routes.isPending && <li className="text-sm text-muted-foreground">Checking…</li>}
              {routes.data?.map((r) => (
                <li key={r.channel} className="flex items-center justify-between gap-2 rounded-md border px-3 py-2 text-sm">
                  <span className="font-medium">{channelLabel(r.channel)}</span>
                  {r.ok && r.instance ? (
                    <span className="text-right">
                      {instanceTag(r.channel, r.instance.index)} {r.instance.label}
                      <span className="block text-xs text-muted-foreground">{ruleLabel(r.rule)}</span>
                    </span>
                  ) : (
                    <span className="text-right text-destructive">
                      {r.errorCode} {r.errorName}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
          {editable ? (
            <>
              <div className="grid gap-2">
                <Label htmlFor="contact-tags">Tags</Label>
                <TagEditor id="contact-tags" tags={tags} onChange={setTags} numbers={numbers} error={errors.tags} />
              </div>
              <FormField id="contact-assigned" label="Assigned user" error={errors.assignedUserId}>
                {(control) => <MemberSelect {...control} className="w-full" team={team} value={assignee} onValueChange={setAssignee} />}
              </FormField>
              {errors._form && !errors.tags && !errors.assignedUserId && <FieldError id="contact-form-error" message={errors._form} />}
              <Button
                onClick={() => save.execute({ locationId, contactId: contact.id, tags, assignedUserId: pickedUserId(assignee) })}
                disabled={save.isPending}
              >
                Save contact
              </Button>
            </>
          ) : (
            <div className="grid gap-2 text-sm">
              <p className="font-medium">Tags</p>
              <div className="flex flex-wrap gap-1">
                {contact.tags.length ? (
                  contact.tags.map((t, i) => <TagChip key={`${t}-${i}`} tag={t} numbers={numbers} />)
                ) : (
                  <span className="text-muted-foreground">No tags.</span>
                )}
              </div>
              <p className="font-medium">Assigned user</p>
              <p>{contact.assignedUser?.name ?? "Nobody"}</p>
              <p className="text-xs text-muted-foreground">Your role can read contacts; admins and agents edit tags and assignments.</p>
            </div>
          )}
        </div>
      </SheetContent>
    </Sheet>
  );
}
