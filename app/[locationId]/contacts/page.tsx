import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { contactSearchSchema } from "@/lib/contacts/contact.schema";
import { searchContacts } from "@/lib/contacts/search-contacts";
import { can } from "@/lib/domain";
import { listInstances } from "@/lib/instances/list-instances";
import { listUsers } from "@/lib/users/list-users";
import { type FilteredPageProps, listFromUrl, loadFilteredPage } from "../url-filters";
import { ContactsView } from "./contacts-view";

export const metadata: Metadata = { title: "Contacts" };

export default async function ContactsPage(props: FilteredPageProps) {
  const { locationId, member, filters: requested } = await loadFilteredPage(props, contactSearchSchema.omit({ limit: true }));
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
