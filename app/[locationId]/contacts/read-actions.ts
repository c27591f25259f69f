"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { contactSearchSchema, contactThreadQuerySchema } from "@/lib/contacts/contact.schema";
import { contactThread } from "@/lib/contacts/contact-thread";
import { searchContacts } from "@/lib/contacts/search-contacts";

export const searchContactsAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(contactSearchSchema.extend({ locationId: z.string().min(1) }))
  .action(async ({ ctx, parsedInput }) => searchContacts({ ctx, search: parsedInput }));

/** A page of the contact's thread (GET /contacts/{id}/messages): inbound and outbound, newest first. */
export const contactThreadAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(contactThreadQuerySchema.extend({ locationId: z.string().min(1), contactId: z.string().min(1).max(64) }))
  .action(async ({ ctx, parsedInput }) =>
    contactThread({ ctx, contactId: parsedInput.contactId, cursor: parsedInput.cursor, limit: parsedInput.limit }),
  );
