"use client";

import { XIcon } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { FormField } from "@/components/common/form-field";
import { instanceTag, ruleLabel } from "@/components/common/format";
import { OptionSelect } from "@/components/common/option-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { DELIVERY_FAILURES, MESSAGE_STATUS_LABELS, MESSAGE_STATUSES } from "@/lib/domain";
import { ERROR_CODES } from "@/lib/engine/errors";
import { RULES } from "@/lib/engine/types";
import { cn } from "@/lib/utils";

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

  // A filter's label, small and muted above its control; filters have no error to show.
  const filter = (key: string, label: string, control: (id: string) => React.ReactNode, className?: string) => (
    <FormField id={`filter-${key}`} label={label} className={cn("gap-1.5", className)} labelClassName="text-xs text-muted-foreground">
      {({ id }) => control(id)}
    </FormField>
  );
  const select = (key: string, label: string, options: [string, string][]) =>
    filter(key, label, (id) => (
      <OptionSelect
        id={id}
        size="sm"
        className="w-full min-w-36"
        value={search.get(key) ?? ALL}
        onValueChange={(v) => set(key, v)}
        options={[[ALL, "Any"], ...options]}
      />
    ));
  const date = (key: string, label: string, className?: string) =>
    filter(
      key,
      label,
      (id) => <Input id={id} type="date" className="h-8" defaultValue={search.get(key) ?? ""} onChange={(e) => set(key, e.target.value)} />,
      className,
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
      {filter(
        "contact",
        "Contact (phone prefix or name)",
        (id) => (
          <Input id={id} name="contact" defaultValue={search.get("contact") ?? ""} placeholder="+1555200 or Maya" className="h-8" />
        ),
        "col-span-2",
      )}
      {date("since", "From")}
      <div className="flex items-end gap-2">
        {date("until", "To", "flex-1")}
        {search.toString() && (
          <Button type="button" variant="ghost" size="icon-sm" aria-label="Clear filters" onClick={() => router.push(pathname)}>
            <XIcon aria-hidden />
          </Button>
        )}
      </div>
    </form>
  );
}
