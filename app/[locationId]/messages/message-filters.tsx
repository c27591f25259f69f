"use client";

import { XIcon } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { instanceTag, ruleLabel } from "@/components/common/format";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { DELIVERY_FAILURES, MESSAGE_STATUS_LABELS, MESSAGE_STATUSES } from "@/lib/domain";
import { ERROR_CODES } from "@/lib/engine/errors";
import { RULES } from "@/lib/engine/types";

type InstanceOption = { id: string; channel: string; index: number; label: string };
const ALL = "all";

/** Filters live in the URL, so a filtered log can be shared; changing one resets the cursor. */
export function MessageFiltersBar({ instances }: { instances: InstanceOption[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();

  function set(key: string, value: string) {
    const next = new URLSearchParams(search.toString());
    next.delete("cursor");
    if (!value || value === ALL) next.delete(key);
    else next.set(key, value);
    router.push(`${pathname}?${next}`);
  }

  const select = (key: string, label: string, options: [string, string][]) => (
    <div className="grid gap-1.5">
      <Label htmlFor={`filter-${key}`} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <Select value={search.get(key) ?? ALL} onValueChange={(v) => set(key, v)}>
        <SelectTrigger id={`filter-${key}`} size="sm" className="w-full min-w-36">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>Any</SelectItem>
          {options.map(([value, text]) => (
            <SelectItem key={value} value={value}>
              {text}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );

  return (
    <form
      className="mb-4 grid grid-cols-2 items-end gap-3 md:grid-cols-4 2xl:grid-cols-8"
      onSubmit={(e) => {
        e.preventDefault();
        set("contact", String(new FormData(e.currentTarget).get("contact") ?? ""));
      }}
      aria-label="Filter messages"
    >
      {select(
        "instanceId",
        "Instance",
        instances.map((i) => [i.id, `${instanceTag(i.channel, i.index)} ${i.label}`]),
      )}
      {select(
        "rule",
        "Rule",
        RULES.map((r) => [r, ruleLabel(r)]),
      )}
      {select("errorCode", "Error", [
        ["any", "Any error"],
        ...ERROR_CODES.map((e) => [String(e.code), typeof e.code === "number" ? `${e.code} ${e.name}` : e.name] as [string, string]),
        ...DELIVERY_FAILURES.map((name) => [name, name] as [string, string]),
      ])}
      {select(
        "status",
        "Status",
        MESSAGE_STATUSES.map((s) => [s, MESSAGE_STATUS_LABELS[s]]),
      )}
      <div className="col-span-2 grid gap-1.5">
        <Label htmlFor="filter-contact" className="text-xs text-muted-foreground">
          Contact (phone prefix or name)
        </Label>
        <Input
          id="filter-contact"
          name="contact"
          defaultValue={search.get("contact") ?? ""}
          placeholder="+1555200 or Maya"
          className="h-8"
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="filter-since" className="text-xs text-muted-foreground">
          From
        </Label>
        <Input
          id="filter-since"
          type="date"
          className="h-8"
          defaultValue={search.get("since") ?? ""}
          onChange={(e) => set("since", e.target.value)}
        />
      </div>
      <div className="flex items-end gap-2">
        <div className="grid flex-1 gap-1.5">
          <Label htmlFor="filter-until" className="text-xs text-muted-foreground">
            To
          </Label>
          <Input
            id="filter-until"
            type="date"
            className="h-8"
            defaultValue={search.get("until") ?? ""}
            onChange={(e) => set("until", e.target.value)}
          />
        </div>
        {search.toString() && (
          <Button type="button" variant="ghost" size="icon-sm" aria-label="Clear filters" onClick={() => router.push(pathname)}>
            <XIcon aria-hidden />
          </Button>
        )}
      </div>
    </form>
  );
}
