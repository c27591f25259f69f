// The contacts page's action inputs: the contact service's own schemas plus the location (and the
// contact), so the dashboard and the API accept the same tags and assignees.
import { z } from "zod";
import {
  bulkAssignContactsSchema,
  bulkTagContactsSchema,
  updateContactSchema as updateContactApiSchema,
} from "@/lib/contacts/contact.schema";
import { channelSchema } from "@/lib/domain";

const id = z.string().min(1).max(64);

export const updateContactSchema = updateContactApiSchema.omit({ name: true }).extend({ locationId: id, contactId: id });
export const bulkAssignSchema = bulkAssignContactsSchema.extend({ locationId: id });
export const bulkTagSchema = bulkTagContactsSchema.extend({ locationId: id });
/** The channel in DELETE /contacts/{id}/bindings/{channel}. */
export const unpinBindingSchema = z.object({ locationId: id, contactId: id, channel: channelSchema });
