import { z } from "zod";
import { channelSchema } from "@/lib/domain";
import { lineText } from "@/lib/text-input";

const id = z.string().min(1).max(64);

export const setDefaultInstanceSchema = z.object({ locationId: id, instanceId: id });

export const createInstanceSchema = z.object({
  locationId: id,
  channel: channelSchema,
  phone: z.string().trim().min(3, "Type the phone number, e.g. +1 555 010 0005").max(40),
  label: lineText().min(1, "Give the number a label people recognise").max(80),
});

export const updateInstanceSchema = z.object({
  locationId: id,
  instanceId: id,
  label: lineText().min(1, "A label is required").max(80),
  warmingDays: z.number().int().min(0, "0 or more days").max(60, "At most 60 days").nullable(),
  assignedUserIds: z.array(id).max(200),
});

export const deleteInstanceSchema = z.object({ locationId: id, instanceId: id, force: z.boolean().default(false) });

export type CreateInstanceInput = z.infer<typeof createInstanceSchema>;
export type UpdateInstanceInput = z.infer<typeof updateInstanceSchema>;
