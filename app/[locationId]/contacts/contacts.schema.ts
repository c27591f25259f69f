import { z } from "zod";

const id = z.string().min(1).max(64);
const tag = z.string().trim().min(1, "A tag cannot be empty").max(120, "At most 120 characters");

export const updateContactSchema = z.object({
  locationId: id,
  contactId: id,
  tags: z.array(tag).max(50, "At most 50 tags"),
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

/** A number tag: "wa: +1 555 …", "im: …", "sms: …" (prefix case-insensitive, space optional). */
export const NUMBER_TAG = /^\s*(wa|im|sms)\s*:\s*(.*)$/i;
