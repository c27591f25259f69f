"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { contactSearchSchema } from "@/lib/contacts/contact.schema";
import { searchContacts } from "@/lib/contacts/search-contacts";

export const searchContactsAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(contactSearchSchema.extend({ locationId: z.string().min(1) }))
  .action(async ({ ctx, parsedInput }) => searchContacts({ ctx, search: parsedInput }));
