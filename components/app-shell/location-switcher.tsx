"use client";

import { ChevronsUpDownIcon } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { cn } from "@/lib/utils";

export type LocationOption = { id: string; name: string; role: string };

type LocationSwitcherProps = {
  locations: LocationOption[];
  currentLocationId: string;
  className?: string;
};

/**
 * Switches location while staying on the same page (`/a/contacts` → `/b/contacts`).
 * Only the first path segment after the location is kept: ids deeper in the path belong
 * to the old location.
 */
export function LocationSwitcher({ locations, currentLocationId, className }: LocationSwitcherProps) {
  const router = useRouter();
  const pathname = usePathname() ?? "";
  const current = locations.find((l) => l.id === currentLocationId);
  const label = current?.name ?? "Unknown location";

  if (locations.length <= 1) {
    return (
      <div className={cn("flex min-w-0 items-center gap-2 px-1 text-sm font-medium", className)}>
        <span className="truncate">{label}</span>
        {current && <RoleBadge role={current.role} />}
      </div>
    );
  }

  function switchTo(id: string) {
    if (id === currentLocationId) return;
    const page = pathname.split("/")[2] || "overview";
    router.push(`/${encodeURIComponent(id)}/${page}`);
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          aria-label={`Location: ${label}. Switch location`}
          className={cn("min-w-0 max-w-64 justify-start gap-2 px-2 font-medium", className)}
        >
          <span className="truncate">{label}</span>
          {current && <RoleBadge role={current.role} />}
          <ChevronsUpDownIcon className="ml-auto text-muted-foreground" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72 max-w-[calc(100vw-1.5rem)]">
        <DropdownMenuLabel>Locations</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={currentLocationId} onValueChange={switchTo}>
          {locations.map((location) => (
            <DropdownMenuRadioItem key={location.id} value={location.id}>
              <span className="truncate">{location.name}</span>
              <RoleBadge role={location.role} className="ml-auto" />
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export function RoleBadge({ role, className }: { role: string; className?: string }) {
  return (
    <Badge variant={role === "admin" ? "info" : "secondary"} className={cn("capitalize", className)}>
      {role}
    </Badge>
  );
}
