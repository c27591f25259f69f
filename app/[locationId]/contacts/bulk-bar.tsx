"use client";

import { useState } from "react";
import type { UserView } from "@/lib/users/list-users";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import { errorMessage, unwrap } from "@/components/common/action-result";
import { bulkAssignContactsAction, bulkTagContactsAction } from "./actions";
import { checkTag, PREFIX_OF, type NumberOption } from "./tag-check";

const NOBODY = "none";

export function BulkBar({ locationId, contactIds, team, numbers, onDone }: { locationId: string; contactIds: string[]; team: UserView[]; numbers: NumberOption[]; onDone: () => void }) {
  const [assignee, setAssignee] = useState<string>("");
  const [tag, setTag] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const badTag = tag.trim() !== "" && checkTag(tag, numbers).kind === "invalid";

  async function run(kind: "assign" | "tag") {
    setPending(true);
    setError(null);
    try {
      const result = kind === "assign"
        ? unwrap(await bulkAssignContactsAction({ locationId, contactIds, assignedUserId: assignee === NOBODY ? null : assignee }))
        : unwrap(await bulkTagContactsAction({ locationId, contactIds, tag: tag.trim() }));
      toast({ title: kind === "assign" ? `Assigned ${result.updated} contacts` : `Tagged ${result.updated} contacts`, variant: "success" });
      setTag("");
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <div role="region" aria-label="Bulk actions" className="grid gap-2 rounded-lg border border-primary/30 bg-primary/5 p-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{contactIds.length} selected</span>
        <Select value={assignee} onValueChange={setAssignee}>
          <SelectTrigger size="sm" className="w-48" aria-label="Assign selected contacts to"><SelectValue placeholder="Assign to…" /></SelectTrigger>
          <SelectContent>
            <SelectItem value={NOBODY}>Nobody (unassign)</SelectItem>
            {team.map((u) => <SelectItem key={u.id} value={u.id}>{u.name}</SelectItem>)}
          </SelectContent>
        </Select>
        <Button size="sm" disabled={!assignee || pending} onClick={() => run("assign")}>Assign</Button>
        <span className="mx-1 h-5 w-px bg-border" aria-hidden />
        <Input value={tag} onChange={(e) => setTag(e.target.value)} placeholder="Tag, e.g. VIP or wa: +1…" aria-label="Tag to add to selected contacts" aria-invalid={badTag} className="h-8 w-56" list="bulk-tag-numbers" />
        <datalist id="bulk-tag-numbers">{numbers.map((n) => <option key={`${n.channel}${n.phone}`} value={`${PREFIX_OF[n.channel]}: ${n.phone}`}>{n.label}</option>)}</datalist>
        <Button size="sm" variant="outline" disabled={!tag.trim() || badTag || pending} onClick={() => run("tag")}>Add tag</Button>
      </div>
      {(error || badTag) && <p role="alert" className="text-[13px] text-destructive">{error ?? "Not a possible phone number."}</p>}
    </div>
  );
}
