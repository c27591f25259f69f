"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { BookUserIcon, SearchIcon } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { EmptyState } from "@/components/app-shell/empty-state";
import { TableCard } from "@/components/app-shell/table-card";
import { unwrap } from "@/components/common/action-result";
import { FormField } from "@/components/common/form-field";
import { displayPhone } from "@/components/common/format";
import { MemberSelect } from "@/components/common/member-select";
import { queryKeys } from "@/components/live/live-event";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import type { UserView } from "@/lib/users/list-users";
import { BulkBar } from "./bulk-bar";
import { ContactSheet, type NumberOption } from "./contact-sheet";
import { searchContactsAction } from "./read-actions";
import { TagChip } from "./tag-chip";

type Page = Awaited<ReturnType<typeof import("@/lib/contacts/search-contacts").searchContacts>>;
export type ContactRow = Page["data"][number];
type Props = {
  locationId: string;
  filters: Record<string, string | undefined>;
  initialPage: Page;
  team: UserView[];
  numbers: NumberOption[];
  editable: boolean;
};
const ANY = "any";

export function ContactsView({ locationId, filters, initialPage, team, numbers, editable }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<ContactRow | null>(null);
  const query = useInfiniteQuery({
    queryKey: [...queryKeys.contacts(locationId), filters],
    queryFn: async ({ pageParam }) => unwrap(await searchContactsAction({ locationId, ...filters, cursor: pageParam ?? undefined })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [initialPage], pageParams: [null] },
  });
  const rows = query.data.pages.flatMap((p) => p.data);

  function setFilter(key: string, value: string) {
    const next = new URLSearchParams(Object.entries(filters).filter(([k, v]) => v && k !== "cursor") as [string, string][]);
    if (value && value !== ANY) next.set(key, value);
    else next.delete(key);
    router.push(`${pathname}?${next}`);
  }
  const toggle = (id: string, on: boolean) =>
    setSelected((cur) => {
      const next = new Set(cur);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  return (
    <div className="grid grid-cols-1 gap-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter("q", String(new FormData(e.currentTarget).get("q") ?? "").trim());
        }}
        role="search"
      >
        <div className="grid min-w-60 flex-1 gap-1.5">
          <Label htmlFor="contact-search">Search</Label>
          <div className="relative">
            <SearchIcon className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden />
            <Input id="contact-search" name="q" defaultValue={filters.q ?? ""} placeholder="+1 555 200 or Maya" className="pl-8" />
          </div>
        </div>
        <FormField id="contact-assignee" label="Assigned to" className="gap-1.5">
          {({ id }) => (
            <MemberSelect
              id={id}
              className="w-48"
              team={team}
              first={[[ANY, "Anyone"]]}
              value={filters.assignedUserId ?? ANY}
              onValueChange={(v) => setFilter("assignedUserId", v)}
            />
          )}
        </FormField>
        <FormField id="contact-tag" label="Tag (exact)" className="gap-1.5">
          {({ id }) => (
            <Input
              id={id}
              defaultValue={filters.tag ?? ""}
              placeholder="VIP"
              className="w-40"
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  setFilter("tag", e.currentTarget.value.trim());
                }
              }}
            />
          )}
        </FormField>
        <Button type="submit" variant="outline">
          Search
        </Button>
      </form>
      {editable && selected.size > 0 && (
        <BulkBar
          locationId={locationId}
          contactIds={[...selected]}
          team={team}
          numbers={numbers}
          onDone={() => {
            setSelected(new Set());
            void query.refetch();
          }}
        />
      )}
      {rows.length === 0 ? (
        <EmptyState
          icon={<BookUserIcon />}
          title="No contacts match"
          description="Try a shorter phone prefix, a first name, or clear the filters. Contacts are created when the API sends to a new phone."
        />
      ) : (
        <TableCard
          head={
            <>
              {editable && (
                <TableHead className="w-10 pl-4">
                  <Checkbox
                    aria-label="Select all shown contacts"
                    checked={allSelected}
                    onCheckedChange={(on) => setSelected(on ? new Set(rows.map((r) => r.id)) : new Set())}
                  />
                </TableHead>
              )}
              <TableHead className={editable ? "" : "pl-5"}>Contact</TableHead>
              <TableHead>Tags</TableHead>
              <TableHead>Assigned to</TableHead>
            </>
          }
        >
          {rows.map((c) => (
            <TableRow key={c.id} data-state={selected.has(c.id) ? "selected" : undefined} data-testid="contact-row">
              {editable && (
                <TableCell className="pl-4">
                  <Checkbox
                    aria-label={`Select ${c.name || c.phone}`}
                    checked={selected.has(c.id)}
                    onCheckedChange={(on) => toggle(c.id, !!on)}
                  />
                </TableCell>
              )}
              <TableCell className={editable ? "" : "pl-5"}>
                <button type="button" className="text-left font-medium hover:underline" onClick={() => setOpen(c)}>
                  {c.name || "Unnamed"}
                </button>
                <div className="font-mono text-xs text-muted-foreground">{displayPhone(c.phone)}</div>
              </TableCell>
              <TableCell>
                <div className="flex max-w-md flex-wrap gap-1">
                  {c.tags.map((t, i) => (
                    <TagChip key={`${t}-${i}`} tag={t} numbers={numbers} />
                  ))}
                </div>
              </TableCell>
              <TableCell className="text-sm">{c.assignedUser?.name ?? <span className="text-muted-foreground">—</span>}</TableCell>
            </TableRow>
          ))}
        </TableCard>
      )}
      {query.hasNextPage && (
        <Button
          variant="outline"
          className="justify-self-center"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      )}
      {open && (
        <ContactSheet
          locationId={locationId}
          contact={open}
          team={team}
          numbers={numbers}
          editable={editable}
          onClose={() => setOpen(null)}
          onSaved={() => void query.refetch()}
        />
      )}
    </div>
  );
}
