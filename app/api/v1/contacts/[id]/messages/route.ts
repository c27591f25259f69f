import { apiRoute, otherMethods } from "@/lib/api/handler";
import { contactThreadQuerySchema } from "@/lib/contacts/contact.schema";
import { contactThread } from "@/lib/contacts/contact-thread";

// The contact's thread: outbound and inbound messages, newest first, { data, nextCursor }.
export const GET = apiRoute({ query: contactThreadQuerySchema }, async ({ ctx, params, query }) => ({
  status: 200,
  body: await contactThread({ ctx, contactId: params.id, cursor: query.cursor, limit: query.limit }),
}));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
