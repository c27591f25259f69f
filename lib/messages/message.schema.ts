import { z } from "zod";
import { channelSchema, DELIVERY_FAILURES, messageStatusSchema, ruleSchema } from "@/lib/domain";
import { ERROR_CODES } from "@/lib/engine/errors";
import { lineText, messageText } from "@/lib/text-input";

/** Every `errorCode` a stored message can have that is not a number. */
const NAMED_ERROR_CODES: [string, ...string[]] = [
  ...DELIVERY_FAILURES,
  ...ERROR_CODES.flatMap((e) => (typeof e.code === "string" ? [e.code] : [])),
];

// A whole day (YYYY-MM-DD, UTC) or an instant: `since` a day is from its start, `until` a day
// includes it (the date inputs of the dashboard); an instant is taken as is (until: exclusive).
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** The message list's filters, for GET /messages and the Messages page alike. */
export const listMessagesQuerySchema = z.object({
  contactId: z.string().min(1).max(64).optional(),
  /** The recipient by phone or name prefix, read as contact search reads `q`. */
  contact: lineText().max(200).optional(),
  instanceId: z.string().min(1).max(64).optional(),
  /** "none": refused before any rule decided (an empty body). */
  rule: z.union([ruleSchema, z.literal("none")]).optional(),
  /** "any": every failed message. */
  errorCode: z.union([z.coerce.number().int().min(101).max(106), z.enum([...NAMED_ERROR_CODES, "any"])]).optional(),
  status: messageStatusSchema.optional(),
  channel: channelSchema.optional(),
  since: instant.optional(),
  until: instant.optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const deliveryReportSchema = z
  .object({
    status: z.enum(["delivered", "read", "failed"]),
    error: messageText().trim().min(1).max(1000).optional(),
  })
  .strict();

export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;
export type DeliveryReport = z.infer<typeof deliveryReportSchema>;
