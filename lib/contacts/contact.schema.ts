// Contact inputs, shared by the HTTP API and the dashboard's forms (imports only zod).
import { z } from "zod";
import { lineText } from "@/lib/text-input";

const id = z.string().min(1).max(64);
/** Tags per contact: the API, the tag editor and bulk tagging all keep a contact within it. */
export const MAX_TAGS = 50;
const contactTagSchema = lineText().min(1, "A tag cannot be empty").max(200, "At most 200 characters per tag");
const contactTagsSchema = z.array(contactTagSchema).max(MAX_TAGS, `At most ${MAX_TAGS} tags per contact`);
const phone = z.string().trim().min(3, "Type a phone number, e.g. +1 555 010 0005").max(40);
const name = lineText().max(200);

export const upsertContactSchema = z
  .object({ phone, name: name.optional(), tags: contactTagsSchema.optional(), assignedUserId: id.nullable().optional() })
  .strict();

export const updateContactSchema = z
  .object({ name: name.optional(), tags: contactTagsSchema.optional(), assignedUserId: id.nullable().optional() })
  .strict();

/** The contacts list's bulk edits (the dashboard): one assignee or one tag for many contacts. */
const contactIds = z.array(id).min(1, "Select at least one contact").max(500, "At most 500 contacts at once");
export const bulkAssignContactsSchema = z.object({ contactIds, assignedUserId: id.nullable() });
export const bulkTagContactsSchema = z.object({ contactIds, tag: contactTagSchema });

/** Contact search (GET /contacts, the Contacts page, the contact picker); `q` is read by contact-search-query. */
export const contactSearchSchema = z.object({
  q: lineText().max(200).optional(),
  /** An exact number, in any format the location's default country reads. */
  phone: z.string().trim().max(40).optional(),
  /** A member's user id, or "none": the unassigned contacts. */
  assignedUserId: id.optional(),
  tag: lineText().max(200).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A contact's thread (GET /contacts/{id}/messages): newest first, cursor-paginated. */
export const contactThreadQuerySchema = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type UpsertContactInput = z.infer<typeof upsertContactSchema>;
export type UpdateContactInput = z.infer<typeof updateContactSchema>;
export type ContactSearch = z.infer<typeof contactSearchSchema>;
