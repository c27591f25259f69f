// Every domain event, as one zod discriminated union on `type`: the data of a live event (GET
// /events sends it as the SSE `data`) and of an outbound webhook (`{ type, timestamp, data }`),
// SPEC §3. Writers build events as DomainEvent values, so a payload of the wrong shape does not
// compile; the dashboard parses the stream with the same schemas instead of guessing field names.
// Imports only zod and the vocabularies: client components use it (no server-only, db or node).
import { z } from "zod";
import {
  alertKindSchema,
  channelSchema,
  instanceStatusSchema,
  messageErrorCodeSchema,
  messageStatusSchema,
  ruleSchema,
  statusReasonSchema,
  statusSourceSchema,
} from "@/lib/domain";

const id = z.string().min(1);
const at = z.iso.datetime();
const index = z.number().int();
/** E.164, or null for an instance without a number. */
const phone = z.string().nullable();
/** The channel and contact of every event about a message, ours or the contact's. */
const messageParties = { channel: channelSchema, contactId: id };
/** What every event about one of our messages starts with: the message, then its parties. */
const messageEvent = z.object({ messageId: id, ...messageParties });

/** An instance changed status (a gateway's report, an admin's reset): what it was and what it is. */
const instanceStatusChangedSchema = z.object({
  instanceId: id,
  channel: channelSchema,
  index,
  phone,
  label: z.string(),
  from: instanceStatusSchema,
  fromReason: statusReasonSchema.nullable(),
  to: instanceStatusSchema,
  reason: statusReasonSchema.nullable(),
  source: statusSourceSchema,
  healthScore: z.number().min(0).max(100),
  at,
});

/** A message was routed and sent: the rule that chose its instance. */
const messageRoutedSchema = messageEvent.extend({
  rule: ruleSchema,
  /** `queued` for an instance with a gateway (the outbox sends it), `sent` for a record-only one, `scheduled` outside the send window. */
  status: z.enum(["queued", "scheduled", "sent"]),
  instanceId: id,
  index,
  phone,
  label: z.string(),
  at,
});

/**
 * A message failed: refused by the engine (errorCode 101–106 or a refusal code), or failed after
 * it was sent (errorCode and errorName delivery_failed or transport_failed, as the API shows the message). `index` and `phone`
 * repeat the instance the rule resolved to, as SPEC's webhook lists them.
 */
const messageFailedSchema = messageEvent.extend({
  contact: z.object({ id, phone: z.string() }),
  errorCode: messageErrorCodeSchema,
  errorName: z.string().min(1),
  message: z.string(),
  rule: ruleSchema.nullable(),
  /** id null: the instance was deleted after the message was sent (its copies stay). */
  instance: z.object({ id: id.nullable(), index, phone, label: z.string() }).nullable(),
  index: index.nullable(),
  phone,
  at,
});

/** A routed message moved along its delivery (SPEC §6): queued → sent → delivered → read, or failed. */
const messageStatusChangedSchema = messageEvent.extend({
  instanceId: id.nullable(),
  from: messageStatusSchema,
  to: messageStatusSchema,
  /** The gateway's answer or reason, when there is one. */
  detail: z.string().nullable(),
  /** The gateway's id of the message, once it gave one. */
  providerMessageId: z.string().nullable(),
  at,
});

/** A contact wrote to one of our numbers (SPEC §1 inbound message). */
const messageInboundSchema = z.object({
  inboundId: id,
  ...messageParties,
  contactPhone: z.string(),
  instanceId: id,
  index,
  phone,
  body: z.string(),
  providerMessageId: z.string().nullable(),
  at,
});

/** An alert was raised (SPEC §1 Alert): once per episode, after its grace (a ban at once). */
const alertRaisedSchema = z.object({
  alertId: id,
  kind: alertKindSchema,
  channel: channelSchema,
  /** The instance it is about; null for a channel-wide alert (no eligible number). */
  instance: z.object({ id, index, phone, label: z.string() }).nullable(),
  message: z.string(),
  /** When the condition was first observed in this episode. */
  since: at,
  at,
});

export const domainEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("instance.status_changed"), data: instanceStatusChangedSchema }),
  z.object({ type: z.literal("message.routed"), data: messageRoutedSchema }),
  z.object({ type: z.literal("message.failed"), data: messageFailedSchema }),
  z.object({ type: z.literal("message.status_changed"), data: messageStatusChangedSchema }),
  z.object({ type: z.literal("message.inbound"), data: messageInboundSchema }),
  z.object({ type: z.literal("alert.raised"), data: alertRaisedSchema }),
]);
export type DomainEvent = z.infer<typeof domainEventSchema>;
export const EVENT_TYPES = domainEventSchema.options.map((option) => option.shape.type.value);

type MessageFailed = z.infer<typeof messageFailedSchema>;

/** A message.failed event; its top-level `index` and `phone` are taken from `instance`. */
export function messageFailedEvent(data: Omit<MessageFailed, "index" | "phone">): Extract<DomainEvent, { type: "message.failed" }> {
  return { type: "message.failed", data: { ...data, index: data.instance?.index ?? null, phone: data.instance?.phone ?? null } };
}
