"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { contactSearchSchema, searchContacts } from "@/lib/dashboard/search-contacts";

export const searchContactsAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(contactSearchSchema.extend({ locationId: z.string().min(1) }))
  .action(async ({ ctx, parsedInput }) => searchContacts(ctx.location.id, parsedInput));
