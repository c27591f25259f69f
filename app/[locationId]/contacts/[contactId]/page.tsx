import type { Metadata } from "next";
import { BackLink } from "@/components/app-shell/back-link";
import { PageHeader } from "@/components/app-shell/page-header";
import { displayPhone } from "@/components/common/format";
import { Badge } from "@/components/ui/badge";
import { loadMember } from "@/lib/auth/load-member";
import { contactThread } from "@/lib/contacts/contact-thread";
import { getContact } from "@/lib/contacts/get-contact";
import { can } from "@/lib/domain";
import { notFoundOnMissing } from "../../not-found-on-missing";
import { BindingsCard } from "./bindings-card";
import { ContactThread } from "./contact-thread";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactPage({ params }: { params: Promise<{ locationId: string; contactId: string }> }) {
  const { locationId, contactId } = await params;
  const member = await loadMember(locationId);
  const contact = await getContact({ ctx: member, contactId }).catch(notFoundOnMissing);
  const thread = await contactThread({ ctx: member, contactId, limit: 30 });
  return (
    <>
      <BackLink href={`/${locationId}/contacts`}>Contacts</BackLink>
      <PageHeader
        title={contact.name || displayPhone(contact.phone)}
        description={`${displayPhone(contact.phone)} · ${contact.assignedUser ? `assigned to ${contact.assignedUser.name}` : "not assigned"}`}
        actions={
          contact.tags.length > 0 ? (
            <div className="flex max-w-md flex-wrap justify-end gap-1">
              {contact.tags.map((tag, i) => (
                <Badge key={`${tag}-${i}`} variant="outline">
                  {tag}
                </Badge>
              ))}
            </div>
          ) : undefined
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <ContactThread locationId={locationId} contactId={contact.id} initialPage={thread} />
        <BindingsCard
          locationId={locationId}
          contactId={contact.id}
          bindings={contact.bindings}
          editable={can(member.role, "editContacts")}
        />
      </div>
    </>
  );
}
