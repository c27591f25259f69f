// The gateway connection and pacing of an instance as the API, the forms and the CLI write them
// (SPEC §3 `PATCH /instances/{id}`). Pure zod: the address policy (public only unless
// ALLOW_PRIVATE_GATEWAYS) is applied by the service, which knows the environment.
import { z } from "zod";

const gatewayUrl = z
  .string()
  .trim()
  .max(2000)
  .url("Must be a URL such as https://gateway.example.com")
  .refine((v) => /^https?:\/\//i.test(v), "Must be an http(s) URL")
  .transform((v) => v.replace(/\/+$/, ""));
const credential = (name: string) => z.string().trim().min(1, `${name} is required`).max(500);
const providerField = (name: string) =>
  z
    .string()
    .trim()
    .min(1, `${name} is required`)
    .max(100)
    .regex(/^[\w.@:-]+$/, `${name}: letters, digits and . _ - @ : only`);

export const TWILIO_API_URL = "https://api.twilio.com";

export const gatewayInputSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("webhook"),
    url: gatewayUrl,
    credentials: z.strictObject({ secret: z.string().trim().min(16, "Use a secret of at least 16 characters").max(500) }).optional(),
  }),
  z.strictObject({
    kind: z.literal("evolution"),
    url: gatewayUrl,
    instance: providerField("Instance name"),
    credentials: z.strictObject({ apiKey: credential("API key") }).optional(),
  }),
  z.strictObject({
    kind: z.literal("waha"),
    url: gatewayUrl,
    session: providerField("Session"),
    credentials: z.strictObject({ apiKey: credential("API key") }).optional(),
  }),
  z.strictObject({
    kind: z.literal("bluebubbles"),
    url: gatewayUrl,
    credentials: z.strictObject({ password: credential("Server password") }).optional(),
  }),
  z.strictObject({
    kind: z.literal("twilio"),
    url: gatewayUrl.optional(),
    accountSid: z
      .string()
      .trim()
      .regex(/^AC[0-9a-fA-F]{32}$/, "Account SID: AC followed by 32 hex digits"),
    credentials: z.strictObject({ authToken: credential("Auth token") }).optional(),
  }),
]);
export type GatewayInput = z.infer<typeof gatewayInputSchema>;

/** Kinds whose credentials must be stored before they can send (the webhook kind may go unsigned). */
export const CREDENTIALS_REQUIRED = { webhook: false, evolution: true, waha: true, bluebubbles: true, twilio: true } as const;

const seconds = z.number().int("Whole seconds").min(0).max(86_400);
const count = z.number().int("A whole number").min(1, "At least 1 (null: no limit)").max(1_000_000);

/** Pacing of one number (SPEC §1): null fields set no limit of that kind. */
export const pacingSchema = z.strictObject({
  minIntervalSeconds: seconds.nullable().default(null),
  jitterSeconds: seconds.nullable().default(null),
  hourlyLimit: count.nullable().default(null),
  newContactsPerDay: count.nullable().default(null),
});
export type Pacing = z.infer<typeof pacingSchema>;

export const NO_PACING: Pacing = { minIntervalSeconds: null, jitterSeconds: null, hourlyLimit: null, newContactsPerDay: null };

/**
 * What a careful operator picks for a WhatsApp number (docs: README "Pacing"): a message every 4 s
 * ± 3 s, at most 200 an hour, at most 50 contacts it never wrote to before per day. SMS through a
 * carrier has no such limits (none); iMessage sits between (Apple flags bursts to strangers).
 */
export const SUGGESTED_PACING = {
  whatsapp: { minIntervalSeconds: 4, jitterSeconds: 3, hourlyLimit: 200, newContactsPerDay: 50 },
  imessage: { minIntervalSeconds: 2, jitterSeconds: 2, hourlyLimit: 300, newContactsPerDay: 100 },
  sms: NO_PACING,
} as const satisfies Record<string, Pacing>;
