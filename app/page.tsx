import { redirect } from "next/navigation";
import { EmptyState } from "@/components/app-shell/empty-state";
import { getSessionUser, listMemberships } from "@/lib/auth/session";

// Per-request: reads the session cookie.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  const locations = await listMemberships(user.id);
  if (locations.length) redirect(`/${locations[0].id}/overview`);
  return (
    <main className="flex min-h-svh items-center justify-center p-6">
      <EmptyState
        title="You are not a member of any location yet"
        description="Ask a location admin to add you (npm run cli -- user add …), then sign in again."
      />
    </main>
  );
}
