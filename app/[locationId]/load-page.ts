import "server-only";
import { loadMember } from "@/lib/auth/load-member";

/** The props Next gives a location's page (and its layout). */
export type LocationPageProps = { params: Promise<{ locationId: string }> };

/** A location page's start: the location and who asks (loadMember: the login page or a 404 instead of an error). */
export async function loadLocationPage({ params }: LocationPageProps) {
  const { locationId } = await params;
  return { locationId, member: await loadMember(locationId) };
}
