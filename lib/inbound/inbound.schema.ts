// POST /inbound (SPEC §3): a gateway (or any integration) reports a message a contact sent.
import { z } from "zod";
import { channelSchema } from "@/lib/domain";
import { messageText } from "@/lib/text-input";

export const inboundReportSchema = z
  .object({
    channel: channelSchema,
    /** The instance written to: its id, or its number (E.164) on this location and channel. */
    to: z.string().trim().min(1).max(64),
    /** The contact's phone number; an unknown one creates the contact. */
    from: z.string().trim().min(3).max(64),
    body: messageText().max(4096).default(""),
    at: z.iso.datetime({ offset: true }).optional(),
    /** The gateway's id of the message: a repeat with the same id on the same instance is stored once. */
    providerMessageId: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export type InboundReport = z.infer<typeof inboundReportSchema>;
