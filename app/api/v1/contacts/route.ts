import { apiRoute, otherMethods } from "@/lib/api/handler";
import { findContactsQuerySchema, upsertContactSchema } from "@/lib/contacts/contact.schema";
import { findContacts } from "@/lib/contacts/find-contacts";
import { upsertContact } from "@/lib/contacts/upsert-contact";

export const GET = apiRoute({ query: findContactsQuerySchema }, async ({ ctx, query }) => ({
  status: 200,
  body: await findContacts({ ctx, query }),
}));

// Upsert by phone: 201 when the contact was created, 200 when an existing one was updated.
export const POST = apiRoute({ body: upsertContactSchema }, async ({ ctx, body }) => {
  const { created, contact } = await upsertContact({ ctx, input: body });
  return { status: created ? 201 : 200, body: contact };
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
