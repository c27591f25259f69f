import { z } from "zod";
import { MAX_TAGS } from "@/lib/contacts/contact.schema";
import { lineText } from "@/lib/text-input";

const id = z.string().min(1).max(64);
const tag = lineText().min(1, "A tag cannot be empty").max(120, "At most 120 characters");

export const updateContactSchema = z.object({
  locationId: id,
  contactId: id,
  tags: z.array(tag).max(MAX_TAGS, `At most ${MAX_TAGS} tags`),
  assignedUserId: id.nullable(),
});

export const bulkAssignSchema = z.object({
  locationId: id,
  contactIds: z.array(id).min(1, "Select at least one contact").max(500, "At most 500 contacts at once"),
  assignedUserId: id.nullable(),
});

export const bulkTagSchema = z.object({
  locationId: id,
  contactIds: z.array(id).min(1, "Select at least one contact").max(500, "At most 500 contacts at once"),
  tag,
});
