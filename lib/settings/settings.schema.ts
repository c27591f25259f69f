// Location settings input (SPEC §3 PATCH /settings), shared by the API and the settings form.
import { getCountries } from "libphonenumber-js";
import { z } from "zod";
import { sendWindowSchema } from "@/lib/delivery/send-window.schema";
import { failoverPolicySchema, geomatchModeSchema, rotationStrategySchema } from "@/lib/domain";
import { pacingSchema } from "@/lib/gateways/gateway.schema";
import { type AddressPolicy, checkUrl, PUBLIC_ONLY } from "@/lib/net/public-url";
import { lineText } from "@/lib/text-input";

const COUNTRIES = new Set<string>(getCountries());

/** An http(s) URL the server may connect to (lib/net/public-url); its message lands on the field. */
const outboundUrl = (policy: AddressPolicy) =>
  z
    .string()
    .trim()
    .max(2000)
    .superRefine((value, ctx) => {
      const checked = checkUrl(value, policy);
      if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.message });
    });

export const updateSettingsSchema = z
  .object({
    name: lineText().min(1).max(120).optional(),
    rotationStrategy: rotationStrategySchema.optional(),
    warmingDays: z.number().int().min(0).max(60).optional(),
    warmingDailyLimits: z.array(z.number().int().min(0).max(1_000_000)).min(1).max(60).optional(),
    minHealth: z.number().int().min(0).max(100).optional(),
    defaultCountry: z
      .string()
      .trim()
      .toUpperCase()
      .refine((c) => COUNTRIES.has(c), "Must be an ISO 3166 country code such as US or GB")
      .optional(),
    /** Always public (SPEC §3). Resolved and checked again at save and at every delivery. */
    webhookUrl: outboundUrl(PUBLIC_ONLY).nullable().optional(),
    /** The pacing of every instance that has none of its own (SPEC §1, §3); null fields: no limit. */
    pacing: pacingSchema.optional(),
    /** SPEC §2: the conversation rule (off by default), and how long a binding counts. */
    stickySender: z.boolean().optional(),
    stickyDays: z.number().int().min(1, "At least 1 day").max(365, "At most 365 days").optional(),
    /** SPEC §2: a rule that resolves to a number that cannot send raises its error, or the ladder goes on. */
    failover: failoverPolicySchema.optional(),
    /** SPEC §2: rotation prefers the contact's country or area code. */
    geomatch: geomatchModeSchema.optional(),
    /** SPEC §3, §6: messages outside it are scheduled until it opens (null: always open). */
    sendWindow: sendWindowSchema.nullable().optional(),
    /** Who gets alert e-mails (SPEC §1 alerts). */
    alertEmails: z.array(z.email("Must be an e-mail address")).max(20, "At most 20 addresses").optional(),
    /** true: issue a new webhook signing secret (the old one stops verifying at once). */
    rotateWebhookSecret: z.literal(true).optional(),
  })
  .strict();

export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;
