// The engine's vocabulary. Plain data in, plain data out: the service layer maps Prisma rows to
// these shapes, so the engine never sees the database and can be tested and benchmarked alone.
// Every token and union of the product is written here once, as an `as const` array: zod enums
// (lib/domain.ts), UI lists and scripts are built from these arrays, never restated. Imports
// nothing, so client components may use it without pulling in the rest of the engine.
export const CHANNELS = ["whatsapp", "imessage", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];
export const INSTANCE_STATUSES = ["qr_pending", "connecting", "connected", "disconnected"] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];
export const STATUS_REASONS = ["transient", "logged_out", "banned"] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];
export const ROTATION_STRATEGIES = ["round_robin", "least_used", "health_weighted"] as const;
export type RotationStrategy = (typeof ROTATION_STRATEGIES)[number];
export const RULES = [
  "manual_override",
  "temporary_switch",
  "contact_tag",
  "user_assignment",
  "conversation",
  "default_instance",
  "any_available",
] as const;
export type RuleName = (typeof RULES)[number];
/** The seeds' six-rule ladder: the ladder (and trace) of a location without `stickySender`. */
export const SEED_RULES: readonly RuleName[] = RULES.filter((rule) => rule !== "conversation");
/** What a rule that resolves to an instance that cannot send does (SPEC §2, failover policy). */
export const FAILOVER_POLICIES = ["error", "next_rule"] as const;
export type FailoverPolicy = (typeof FAILOVER_POLICIES)[number];
/** Rule 6's preference for a number local to the contact (SPEC §2, geomatch). */
export const GEOMATCH_MODES = ["off", "country", "area_code"] as const;
export type GeomatchMode = (typeof GEOMATCH_MODES)[number];
/** How long a conversation binding lasts without an exchange, when the location does not say. */
export const DEFAULT_STICKY_DAYS = 30;
export type TraceOutcome = "matched" | "skipped" | "failed" | "not_reached";

/** How people name a channel, in traces and in the UI. */
export const CHANNEL_NAMES: Record<Channel, string> = { whatsapp: "WhatsApp", imessage: "iMessage", sms: "SMS" };
/** The letters that name a channel's instance: "WA#2" in the UI, "{WA#2}" in an override pattern. */
export const CHANNEL_TOKENS: Record<Channel, string> = { whatsapp: "WA", imessage: "IM", sms: "SMS" };
/** Each rule in words, as traces say it mid-sentence (the UI capitalises them). */
export const RULE_WORDS: Record<RuleName, string> = {
  manual_override: "manual override",
  temporary_switch: "temporary switch",
  contact_tag: "contact tag",
  user_assignment: "user assignment",
  conversation: "conversation",
  default_instance: "default instance",
  any_available: "any available",
};
export const STRATEGY_WORDS: Record<RotationStrategy, string> = {
  round_robin: "round robin",
  least_used: "least used today",
  health_weighted: "health-weighted",
};
export const FAILOVER_WORDS: Record<FailoverPolicy, string> = { error: "error", next_rule: "next rule" };
export const GEOMATCH_WORDS: Record<GeomatchMode, string> = { off: "off", country: "country", area_code: "area code" };
export const REASON_WORDS: Record<StatusReason, string> = { transient: "transient", logged_out: "logged out", banned: "banned" };

export interface EngineInstance {
  id: string;
  channel: Channel;
  index: number;
  label: string;
  phone: string | null; // E.164 or null
  status: InstanceStatus;
  statusReason: StatusReason | null;
  isDefault: boolean;
  firstConnectedAt: number | null; // epoch ms
  warmingDays: number | null; // override; null => location default
  healthScore: number; // 0-100
  sendsToday: number; // computed by the caller for the current UTC day
  assignedUserIds: string[];
  /**
   * Set by the caller for this decision when the number is at a pacing cap (SPEC §1 pacing): its
   * hourly limit, or its new-contacts-per-day limit and this contact is new to it. Rotation leaves
   * it out; an explicit rule still picks it, and the message waits until `until` (epoch ms).
   */
  pacingCap?: PacingCap | null;
}

export interface PacingCap {
  cap: "hourly_limit" | "new_contacts_limit";
  limit: number;
  until: number;
}

/**
 * One location's configuration at the moment of the decision. Treated as immutable: the engine
 * caches lookup indexes per snapshot object (status and health are still read live), so a
 * what-if that changes indexes, phones, defaults or assignments must build a new snapshot.
 */
export interface LocationSnapshot {
  id: string;
  defaultCountry: string;
  rotationStrategy: RotationStrategy;
  warmingDays: number;
  warmingDailyLimits: number[];
  minHealth: number;
  instances: EngineInstance[]; // all channels of this location
  /** Run the `conversation` rule between user assignment and default (absent: false, the seeds' ladder). */
  stickySender?: boolean;
  /** A binding older than this many days is expired (absent: DEFAULT_STICKY_DAYS). */
  stickyDays?: number;
  /** Absent: "error", the seeds' behaviour. */
  failover?: FailoverPolicy;
  /** Absent: "off". */
  geomatch?: GeomatchMode;
}

export interface EngineContact {
  id?: string;
  phone?: string | null;
  tags: string[];
  assignedUserId: string | null;
  /** Optional display name of the assigned user, only used to word the trace. */
  assignedUserName?: string | null;
  /**
   * The contact's conversation binding on the decision's channel (SPEC §1): the instance it last
   * exchanged messages with, and when (epoch ms). Read by the `conversation` rule; every decision
   * says what to store in return (Decision.binding).
   */
  binding?: ContactBinding | null;
}
export interface ContactBinding {
  instanceId: string;
  at: number;
}

/**
 * What the caller stores as the contact's binding on this channel once the decision is acted on
 * (SPEC §2: bindings are written only by an inbound message — the caller's — and by a successful
 * send decided by conversation, user assignment, default or rotation when the contact has no live
 * binding). `write`: upsert contact × channel → instanceId with at = the send's time, source
 * outbound, when the message is sent (a new binding, a refresh by the conversation rule, or the
 * replacement of a dropped or expired one). `drop`: delete it (the bound instance is gone), even
 * if the message then fails. `keep`: leave the stored binding as it is. `none`: there is none and
 * none is made. A dry run stores nothing.
 */
export type BindingAction =
  | { action: "none" }
  | { action: "keep"; instanceId: string }
  | { action: "write"; instanceId: string }
  | { action: "drop"; instanceId: string };

export interface ChannelRotationState {
  lastIndex: number | null;
  /** health_weighted's running values keyed by instance id, as states stored before issue 11 hold
   * them: still read when `weights` is absent, written as {} by health_weighted since. */
  currentWeights: Record<string, number>;
  /** health_weighted's running values (smooth weighted round robin): instance `ids[k]` has
   * `values[k]`. Two arrays rather than an object keyed by id, which costs a microsecond to build
   * with 50 numbers; `ids` is shared, unchanged, by successive states over the same pool. */
  weights?: RunningWeights;
}
export interface RunningWeights {
  readonly ids: readonly string[];
  readonly values: readonly number[];
}
export type RotationState = Partial<Record<Channel, ChannelRotationState>>;
export type SenderRef = { instanceId: string } | { phone: string };

export interface SelectInput {
  channel: Channel;
  body: string;
  from?: SenderRef | null;
  contact: EngineContact;
  location: LocationSnapshot;
  rotation: RotationState;
  now: number;
}

export const ERROR_NUMBERS = [101, 102, 103, 104, 105, 106] as const;
export type ErrorCode = (typeof ERROR_NUMBERS)[number];
/** Refusals without a number: two senders named at once, or nothing left to send. */
export const REFUSAL_CODES = ["ambiguous_override", "empty_body"] as const;
export type EngineErrorCode = ErrorCode | (typeof REFUSAL_CODES)[number];
export interface InstanceRef {
  id: string;
  index: number;
  label: string;
  phone: string | null;
}
export interface TraceEntry {
  /** Position in this decision's ladder: 1–6, or 1–7 with the conversation rule (stickySender). */
  step: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  rule: RuleName;
  outcome: TraceOutcome;
  detail: string;
  instance?: InstanceRef;
}
/** Codes: no_default, default_not_connected, foreign_pattern, invalid_tag, warming_limit_exceeded,
 * low_health, paced, temp_switch_ignored, failover_used. */
export interface Warning {
  code: string;
  message: string;
}

export type Decision =
  | {
      ok: true;
      channel: Channel;
      rule: RuleName;
      instance: InstanceRef;
      requestedBody: string;
      body: string;
      strippedPatterns: string[];
      trace: TraceEntry[];
      warnings: Warning[];
      nextRotation: RotationState;
      /** The failover policy this decision was taken under. */
      failover: FailoverPolicy;
      binding: BindingAction;
    }
  | {
      ok: false;
      channel: Channel;
      error: { code: EngineErrorCode; name: string; message: string; httpStatus: 409 | 422 };
      rule: RuleName | null;
      resolvedInstance: InstanceRef | null;
      requestedBody: string;
      body: string;
      strippedPatterns: string[];
      trace: TraceEntry[];
      warnings: Warning[];
      failover: FailoverPolicy;
      binding: BindingAction;
    };
