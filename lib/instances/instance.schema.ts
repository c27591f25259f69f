// Instance inputs of the HTTP API (SPEC §3), which the dashboard's instance forms extend. Imports
// only zod and the shared vocabularies, so client components can use it.
import { z } from "zod";
import { channelSchema, instanceStatusSchema, statusReasonSchema } from "@/lib/domain";
import { gatewayInputSchema, pacingSchema } from "@/lib/gateways/gateway.schema";
import { lineText } from "@/lib/text-input";

const id = z.string().min(1).max(64);

export const createInstanceApiSchema = z
  .object({
    channel: channelSchema,
    phone: z.string().trim().min(3, "Type the phone number, e.g. +1 555 010 0005").max(40),
    label: lineText().min(1, "Give the number a label people recognise").max(80),
  })
  .strict();

export const updateInstanceApiSchema = z
  .object({
    label: lineText().min(1, "A label is required").max(80).optional(),
    isDefault: z.boolean().optional(),
    warmingDays: z.number().int().min(0, "0 or more days").max(60, "At most 60 days").nullable().optional(),
    assignedUserIds: z.array(id).max(500).optional(),
    /** How its messages leave and its status comes in (SPEC §3, §6); null: record-only. */
    gateway: gatewayInputSchema.nullable().optional(),
    /** Its own pacing; null: the location's (SPEC §1). */
    pacing: pacingSchema.nullable().optional(),
  })
  .strict();

export const statusReportSchema = z
  .object({
    status: instanceStatusSchema,
    reason: statusReasonSchema.nullable().optional(),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.status === "disconnected" && !value.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "A disconnection needs a reason: transient, logged_out or banned." });
    }
    if (value.status !== "disconnected" && value.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Only status disconnected takes a reason." });
    }
  });

export const deleteInstanceQuerySchema = z.object({ force: z.enum(["true", "false", "1", "0"]).optional() });

export type UpdateInstancePatch = z.infer<typeof updateInstanceApiSchema>;
