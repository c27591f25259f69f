// Location settings input (SPEC §3 PATCH /settings), shared by the API and the settings form.
import { getCountries } from "libphonenumber-js";
import { z } from "zod";
import { rotationStrategySchema } from "@/lib/domain";
import { lineText } from "@/lib/text-input";

const COUNTRIES = new Set<string>(getCountries());

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "Must be an http(s) URL");

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
    webhookUrl: httpUrl.nullable().optional(),
    /** Not in SPEC §3's list: the HTTP transport's gateway (outbound messages are POSTed there). */
    gatewayUrl: httpUrl.nullable().optional(),
    /** true: issue a new webhook signing secret (the old one stops verifying at once). */
    rotateWebhookSecret: z.literal(true).optional(),
  })
  .strict();

export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;
