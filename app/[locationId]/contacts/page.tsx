import type { Metadata } from "next";
import { loadMember } from "@/lib/auth/load-member";
import { contactSearchSchema, searchContacts } from "@/lib/dashboard/search-contacts";
import { listTeamOptions } from "@/lib/dashboard/team-options";
import { db } from "@/lib/db/client";
import { can } from "@/lib/domain";
import { PageHeader } from "@/components/app-shell/page-header";
import { ContactsView } from "./contacts-view";

export const metadata: Metadata = { title: "Contacts" };

type Search = Record<string, string | string[] | undefined>;

export default async function ContactsPage({ params, searchParams }: { params: Promise<{ locationId: string }>; searchParams: Promise<Search> }) {
  const { locationId } = await params;
  const member = await loadMember(locationId);
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v));
  const filters = contactSearchSchema.omit({ take: true }).catch({}).parse(raw);
  const [page, team, numbers] = await Promise.all([
    searchContacts(locationId, filters),
    listTeamOptions(locationId),
    db.instance.findMany({ where: { locationId, phone: { not: null } }, select: { channel: true, index: true, label: true, phone: true }, orderBy: [{ channel: "asc" }, { index: "asc" }] }),
  ]);
  return (
    <>
      <PageHeader title="Contacts" description="Search by phone prefix or name. Tags like “wa: +1 555 …” pin a contact to a number; an assigned user's number comes next." />
      <ContactsView
        key={JSON.stringify(filters)}
        locationId={locationId}
        filters={filters}
        initialPage={page}
        team={team}
        numbers={numbers.map((n) => ({ ...n, phone: n.phone! }))}
        editable={can(member.role, "editContacts")}
      />
    </>
  );
}
