"use client";

import {
  BellIcon,
  BookUserIcon,
  LayoutDashboardIcon,
  type LucideIcon,
  MenuIcon,
  MessagesSquareIcon,
  RouteIcon,
  SettingsIcon,
  SmartphoneIcon,
  StethoscopeIcon,
  UsersIcon,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { cn } from "@/lib/utils";

type NavItem = { segment: string; label: string; icon: LucideIcon };

/** Pages of a location, in sidebar order; `segment` is the path part after `/[locationId]/`. */
const navItems: NavItem[] = [
  { segment: "overview", label: "Overview", icon: LayoutDashboardIcon },
  { segment: "instances", label: "Instances", icon: SmartphoneIcon },
  { segment: "contacts", label: "Contacts", icon: BookUserIcon },
  { segment: "team", label: "Team", icon: UsersIcon },
  { segment: "routing", label: "Routing", icon: RouteIcon },
  { segment: "messages", label: "Messages", icon: MessagesSquareIcon },
  { segment: "doctor", label: "Doctor", icon: StethoscopeIcon },
  { segment: "alerts", label: "Alerts", icon: BellIcon },
  { segment: "settings", label: "Settings", icon: SettingsIcon },
];

/** Desktop sidebar (hidden below 768px, where `MobileNav` takes over). */
export function AppSidebar({ locationId, className }: { locationId: string; className?: string }) {
  return (
    <aside
      data-slot="app-sidebar"
      className={cn(
        "sticky top-0 hidden h-svh w-56 shrink-0 flex-col border-r border-sidebar-border bg-sidebar text-sidebar-foreground md:flex",
        className,
      )}
    >
      <Brand className="h-14 border-b border-sidebar-border px-4" />
      <NavLinks locationId={locationId} className="flex-1 overflow-y-auto p-2" />
    </aside>
  );
}

/** Menu button for narrow screens: opens the navigation in a left drawer. */
export function MobileNav({ locationId, className }: { locationId: string; className?: string }) {
  const [open, setOpen] = React.useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon-sm" className={cn("md:hidden", className)}>
          <MenuIcon aria-hidden />
          <span className="sr-only">Open navigation</span>
        </Button>
      </SheetTrigger>
      <SheetContent side="left" className="w-64 gap-0 bg-sidebar p-0 text-sidebar-foreground">
        <SheetTitle className="sr-only">Navigation</SheetTitle>
        <SheetDescription className="sr-only">Pages of this location</SheetDescription>
        <Brand className="h-14 border-b border-sidebar-border px-4" />
        <NavLinks locationId={locationId} onNavigate={() => setOpen(false)} className="p-2" />
      </SheetContent>
    </Sheet>
  );
}

function Brand({ className }: { className?: string }) {
  return (
    <div className={cn("flex items-center gap-2 font-semibold tracking-tight", className)}>
      <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <RouteIcon className="size-4" aria-hidden />
      </span>
      <span className="text-sm text-foreground">Number Router</span>
    </div>
  );
}

function NavLinks({ locationId, onNavigate, className }: { locationId: string; onNavigate?: () => void; className?: string }) {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Main" className={className}>
      <ul className="flex flex-col gap-0.5">
        {navItems.map(({ segment, label, icon: Icon }) => {
          const href = `/${locationId}/${segment}`;
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={segment}>
              <Link
                href={href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm font-medium outline-none transition-colors",
                  "hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  active && "bg-sidebar-accent text-sidebar-accent-foreground",
                )}
              >
                <Icon aria-hidden className={cn("size-4 shrink-0", active ? "text-primary" : "text-muted-foreground")} />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
