// POST /route/impact body (SPEC §3): a configuration change to try on recent traffic. Imports only
// zod and shared vocabularies, so the dashboard's confirm dialogs can build it with the same schema.
import { z } from "zod";
import { failoverPolicySchema, rotationStrategySchema } from "@/lib/domain";

const instanceId = z.string().trim().min(1).max(64);

export const routeImpactSchema = z
  .object({
    days: z.number().int("A whole number of days").min(1, "At least 1 day").max(30, "At most 30 days"),
    change: z
      .object({
        disconnected: z.array(instanceId).max(500).optional(),
        defaults: z
          .object({
            whatsapp: instanceId.nullable().optional(),
            imessage: instanceId.nullable().optional(),
            sms: instanceId.nullable().optional(),
          })
          .strict()
          .optional(),
        rotationStrategy: rotationStrategySchema.optional(),
        stickySender: z.boolean().optional(),
        failover: failoverPolicySchema.optional(),
      })
      .strict(),
  })
  .strict();

export type RouteImpactInput = z.infer<typeof routeImpactSchema>;
