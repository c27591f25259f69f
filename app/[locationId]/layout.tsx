import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell/app-shell";
import { LiveEventsProvider } from "@/components/live/live-events-provider";
import { LiveStatus } from "@/components/live/live-status";
import { RoleProvider } from "@/components/live/role-context";
import { listMemberships } from "@/lib/auth/session";
import { AlertBell } from "./alerts/alert-bell";
import { type LocationPageProps, loadLocationPage } from "./load-page";

export default async function LocationLayout({ children, ...props }: LocationPageProps & { children: ReactNode }) {
  const { locationId, member } = await loadLocationPage(props);
  const locations = await listMemberships(member.user.id);
  return (
    <RoleProvider role={member.role} locationId={locationId} userId={member.user.id}>
      <LiveEventsProvider locationId={locationId}>
        <AppShell
          locationId={locationId}
          locations={locations}
          user={member.user}
          role={member.role}
          liveIndicator={<LiveStatus />}
          alerts={<AlertBell locationId={locationId} />}
        >
          {children}
        </AppShell>
      </LiveEventsProvider>
    </RoleProvider>
  );
}
