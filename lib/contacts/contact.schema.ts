// Contact inputs, shared by the HTTP API and the dashboard's forms (imports only zod).
import { z } from "zod";

const id = z.string().min(1).max(64);
export const contactTagsSchema = z
  .array(z.string().trim().min(1, "A tag cannot be empty").max(200, "At most 200 characters per tag"))
  .max(50, "At most 50 tags per contact");
const phone = z.string().trim().min(3, "Type a phone number, e.g. +1 555 010 0005").max(40);
const name = z.string().trim().max(200);

export const upsertContactSchema = z
  .object({ phone, name: name.optional(), tags: contactTagsSchema.optional(), assignedUserId: id.nullable().optional() })
  .strict();

export const updateContactSchema = z
  .object({ name: name.optional(), tags: contactTagsSchema.optional(), assignedUserId: id.nullable().optional() })
  .strict();

export const findContactsQuerySchema = z.object({
  phone: z.string().trim().max(40).optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type UpsertContactInput = z.infer<typeof upsertContactSchema>;
export type UpdateContactInput = z.infer<typeof updateContactSchema>;
export type FindContactsQuery = z.infer<typeof findContactsQuerySchema>;
