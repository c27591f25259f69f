"use client";

import { useQuery } from "@tanstack/react-query";
import { SearchIcon, XIcon } from "lucide-react";
import { useState } from "react";
import { displayPhone } from "@/components/common/format";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export type PickedContact = { id: string; name: string; phone: string };
type Props = {
  id: string;
  locationId: string;
  /** The location's contact search (a phone or name prefix), run on the server by the caller's action. */
  search: (q: string) => Promise<(PickedContact & { tags: string[] })[]>;
  value: PickedContact | null;
  onChange: (c: PickedContact | null) => void;
};

/** Search-as-you-type over the location's contacts. */
export function ContactPicker({ id, locationId, search, value, onChange }: Props) {
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const { data, isFetching } = useQuery({
    queryKey: ["loc", locationId, "contact-picker", q],
    queryFn: () => search(q),
    enabled: open,
    staleTime: 30_000,
  });
  if (value) {
    return (
      <div className="flex items-center justify-between gap-2 rounded-md border px-3 py-1.5 text-sm" data-testid="picked-contact">
        <span className="truncate">
          <span className="font-medium">{value.name || "Unnamed"}</span>{" "}
          <span className="font-mono text-xs text-muted-foreground">{displayPhone(value.phone)}</span>
        </span>
        <Button type="button" variant="ghost" size="icon-sm" aria-label="Clear contact" onClick={() => onChange(null)}>
          <XIcon aria-hidden />
        </Button>
      </div>
    );
  }
  return (
    <div className="relative">
      <SearchIcon className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden />
      <Input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        placeholder="Search by phone prefix or name"
        className="pl-8"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          const first = data?.[0];
          if (e.key === "Enter" && first) {
            e.preventDefault();
            onChange({ id: first.id, name: first.name, phone: first.phone });
            setOpen(false);
          }
        }}
      />
      {open && (
        <ul
          id={`${id}-list`}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA combobox pattern: a list of options owned by the input
          role="listbox"
          className="absolute z-20 mt-1 max-h-64 w-full overflow-y-auto rounded-md border bg-popover p-1 shadow-md"
        >
          {isFetching && !data && <li className="px-2 py-1.5 text-sm text-muted-foreground">Searching…</li>}
          {data?.length === 0 && <li className="px-2 py-1.5 text-sm text-muted-foreground">No contact starts with “{q}”.</li>}
          {data?.map((c) => (
            <li
              key={c.id}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an option of the combobox's listbox (ARIA pattern)
              role="option"
              aria-selected={false}
              tabIndex={-1}
              className="cursor-pointer rounded-sm px-2 py-1.5 text-sm hover:bg-accent"
              onMouseDown={(e) => {
                e.preventDefault();
                onChange({ id: c.id, name: c.name, phone: c.phone });
                setOpen(false);
              }}
            >
              <span className="font-medium">{c.name || "Unnamed"}</span>{" "}
              <span className="font-mono text-xs text-muted-foreground">{displayPhone(c.phone)}</span>
              {c.tags.length > 0 && <span className="ml-2 text-xs text-muted-foreground">{c.tags.join(" · ")}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
