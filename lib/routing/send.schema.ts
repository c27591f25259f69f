// POST /messages and POST /route body (SPEC §3). Imports only zod and shared vocabularies, so the
// dashboard's dry-run form validates with the same schema.
import { z } from "zod";
import { channelSchema } from "@/lib/domain";
import { messageText } from "@/lib/text-input";

export const sendMessageSchema = z
  .object({
    channel: channelSchema,
    contactId: z.string().min(1).max(64).optional(),
    phone: z.string().trim().min(3).max(40).optional(),
    body: messageText().min(1, "The body cannot be empty").max(4096, "At most 4096 characters"),
    from: z.string().trim().min(1).max(64).nullable().optional(),
    dryRun: z.boolean().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.contactId === undefined && value.phone === undefined) {
      ctx.addIssue({ code: "custom", path: ["contactId"], message: "Give contactId or phone." });
    }
    if (value.contactId !== undefined && value.phone !== undefined) {
      ctx.addIssue({ code: "custom", path: ["phone"], message: "Give contactId or phone, not both." });
    }
  });

export type SendMessageInput = z.infer<typeof sendMessageSchema>;

/** `from` is an instance id, or a phone number (E.164 or any format starting with +/digits). */
export function senderRef(from: string | null | undefined): { instanceId: string } | { phone: string } | null {
  if (!from) return null;
  return /^\+|^[\d\s().-]+$/.test(from) ? { phone: from } : { instanceId: from };
}
