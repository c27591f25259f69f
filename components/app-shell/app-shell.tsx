import type * as React from "react";

import { AppSidebar, MobileNav } from "@/components/app-shell/app-sidebar";
import { type LocationOption, LocationSwitcher } from "@/components/app-shell/location-switcher";
import { UserMenu } from "@/components/app-shell/user-menu";

type AppShellProps = {
  locationId: string;
  locations: LocationOption[];
  user: { name: string; email: string };
  /** The user's role in the current location (shown by the switcher from `locations`). */
  role: string;
  /** e.g. `<LiveIndicator state={…} />`, wired by the caller to the live feed. */
  liveIndicator?: React.ReactNode;
  /** The alert bell, wired by the caller to the location's alerts. */
  alerts?: React.ReactNode;
  children: React.ReactNode;
};

/** The authenticated chrome: sidebar, top bar (location, live state, account) and main area. */
export function AppShell({ locationId, locations, user, role, liveIndicator, alerts, children }: AppShellProps) {
  return (
    <div data-slot="app-shell" data-role={role} className="flex min-h-svh bg-background">
      <a
        href="#main-content"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-[60] focus:rounded-md focus:bg-background focus:px-3 focus:py-2 focus:text-sm focus:shadow-md focus:ring-[3px] focus:ring-ring/50"
      >
        Skip to content
      </a>
      <AppSidebar locationId={locationId} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 shrink-0 items-center gap-2 border-b bg-background/90 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/75 md:px-6">
          <MobileNav locationId={locationId} />
          <LocationSwitcher locations={locations} currentLocationId={locationId} className="-ml-1 md:-ml-2" />
          <div className="ml-auto flex items-center gap-3">
            {liveIndicator}
            {alerts}
            <UserMenu user={user} />
          </div>
        </header>
        <main id="main-content" tabIndex={-1} className="flex-1 px-4 py-6 outline-none md:px-8">
          <div className="mx-auto w-full max-w-screen-2xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
