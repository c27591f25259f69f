import { z } from "zod";
import { channelSchema, messageStatusSchema, ruleSchema } from "@/lib/domain";
import { messageText } from "@/lib/text-input";

export const listMessagesQuerySchema = z.object({
  contactId: z.string().min(1).max(64).optional(),
  instanceId: z.string().min(1).max(64).optional(),
  rule: ruleSchema.optional(),
  errorCode: z.union([z.coerce.number().int().min(101).max(106), z.enum(["ambiguous_override", "empty_body"])]).optional(),
  status: messageStatusSchema.optional(),
  channel: channelSchema.optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const deliveryReportSchema = z
  .object({
    status: z.enum(["delivered", "failed"]),
    error: messageText().trim().min(1).max(1000).optional(),
  })
  .strict();

export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;
export type DeliveryReport = z.infer<typeof deliveryReportSchema>;
