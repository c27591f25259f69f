import { apiRoute, otherMethods } from "@/lib/api/handler";
import { contactSearchSchema, upsertContactSchema } from "@/lib/contacts/contact.schema";
import { searchContacts } from "@/lib/contacts/search-contacts";
import { upsertContact } from "@/lib/contacts/upsert-contact";

export const GET = apiRoute({ query: contactSearchSchema }, async ({ ctx, query }) => ({
  status: 200,
  body: await searchContacts({ ctx, search: query }),
}));

// Upsert by phone: 201 when the contact was created, 200 when an existing one was updated.
export const POST = apiRoute({ body: upsertContactSchema }, async ({ ctx, body }) => {
  const { created, contact } = await upsertContact({ ctx, input: body });
  return { status: created ? 201 : 200, body: contact };
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
