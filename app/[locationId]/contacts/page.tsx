import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { loadMember } from "@/lib/auth/load-member";
import { contactSearchSchema } from "@/lib/contacts/contact.schema";
import { searchContacts } from "@/lib/contacts/search-contacts";
import { can } from "@/lib/domain";
import { listInstances } from "@/lib/instances/list-instances";
import { listUsers } from "@/lib/users/list-users";
import { listFromUrl, urlFilters } from "../url-filters";
import { ContactsView } from "./contacts-view";

export const metadata: Metadata = { title: "Contacts" };

type Search = Record<string, string | string[] | undefined>;

export default async function ContactsPage({
  params,
  searchParams,
}: {
  params: Promise<{ locationId: string }>;
  searchParams: Promise<Search>;
}) {
  const { locationId } = await params;
  const member = await loadMember(locationId);
  const requested = urlFilters(contactSearchSchema.omit({ limit: true }), await searchParams);
  const [{ filters, result: page }, team, { instances }] = await Promise.all([
    listFromUrl(requested, (search) => searchContacts({ ctx: member, search: { ...search, limit: 50 } })),
    listUsers({ ctx: member }),
    listInstances({ ctx: member }),
  ]);
  return (
    <>
      <PageHeader
        title="Contacts"
        description="Search by phone prefix or name. Tags like “wa: +1 555 …” pin a contact to a number; an assigned user's number comes next."
      />
      <ContactsView
        key={JSON.stringify(filters)}
        locationId={locationId}
        filters={filters}
        initialPage={page}
        team={team}
        numbers={instances.flatMap((i) => (i.phone ? [{ channel: i.channel, index: i.index, label: i.label, phone: i.phone }] : []))}
        editable={can(member.role, "editContacts")}
      />
    </>
  );
}
