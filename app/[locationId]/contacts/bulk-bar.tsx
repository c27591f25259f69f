"use client";

import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import { actionErrors } from "@/components/common/action-result";
import { MemberSelect, pickedUserId } from "@/components/common/member-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { UserView } from "@/lib/users/list-users";
import { bulkAssignContactsAction, bulkTagContactsAction } from "./actions";
import { checkTag, type NumberOption, numberTagOf } from "./tag-check";

export function BulkBar({
  locationId,
  contactIds,
  team,
  numbers,
  onDone,
}: {
  locationId: string;
  contactIds: string[];
  team: UserView[];
  numbers: NumberOption[];
  onDone: () => void;
}) {
  const [assignee, setAssignee] = useState<string>("");
  const [tag, setTag] = useState("");
  const badTag = tag.trim() !== "" && checkTag(tag, numbers).kind === "invalid";
  // The bar shows the latest attempt's refusal: starting one clears the other's.
  const assign = useAction(bulkAssignContactsAction, {
    onExecute: (): void => addTag.reset(),
    onSuccess: ({ data }) => done(`Assigned ${data.updated} contacts`),
  });
  const addTag = useAction(bulkTagContactsAction, {
    onExecute: (): void => assign.reset(),
    onSuccess: ({ data }) => done(`Tagged ${data.updated} contacts`),
  });
  const pending = assign.isPending || addTag.isPending;
  const error = actionErrors(assign)._form ?? actionErrors(addTag)._form;

  function done(message: string) {
    toast.success(message);
    setTag("");
    onDone();
  }

  return (
    <section aria-label="Bulk actions" className="grid gap-2 rounded-lg border border-primary/30 bg-primary/5 p-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{contactIds.length} selected</span>
        <MemberSelect
          team={team}
          nobody="Nobody (unassign)"
          value={assignee}
          onValueChange={setAssignee}
          placeholder="Assign to…"
          size="sm"
          className="w-48"
          aria-label="Assign selected contacts to"
        />
        <Button
          size="sm"
          disabled={!assignee || pending}
          onClick={() => assign.execute({ locationId, contactIds, assignedUserId: pickedUserId(assignee) })}
        >
          Assign
        </Button>
        <span className="mx-1 h-5 w-px bg-border" aria-hidden />
        <Input
          value={tag}
          onChange={(e) => setTag(e.target.value)}
          placeholder="Tag, e.g. VIP or wa: +1…"
          aria-label="Tag to add to selected contacts"
          aria-invalid={badTag}
          className="h-8 w-56"
          list="bulk-tag-numbers"
        />
        <datalist id="bulk-tag-numbers">
          {numbers.map((n) => (
            <option key={`${n.channel}${n.phone}`} value={numberTagOf(n)}>
              {n.label}
            </option>
          ))}
        </datalist>
        <Button
          size="sm"
          variant="outline"
          disabled={!tag.trim() || badTag || pending}
          onClick={() => addTag.execute({ locationId, contactIds, tag: tag.trim() })}
        >
          Add tag
        </Button>
      </div>
      {(error || badTag) && (
        <p role="alert" className="text-[13px] text-destructive">
          {error ?? "Not a possible phone number."}
        </p>
      )}
    </section>
  );
}
