import { apiRoute, otherMethods } from "@/lib/api/handler";
import { updateContactSchema } from "@/lib/contacts/contact.schema";
import { getContact } from "@/lib/contacts/get-contact";
import { updateContact } from "@/lib/contacts/update-contact";

export const GET = apiRoute({}, async ({ ctx, params }) => ({ status: 200, body: await getContact({ ctx, contactId: params.id }) }));

export const PATCH = apiRoute({ body: updateContactSchema }, async ({ ctx, params, body }) => ({
  status: 200,
  body: await updateContact({ ctx, contactId: params.id, input: body }),
}));

export const { POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
