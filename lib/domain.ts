// Zod vocabularies shared by every boundary (route handlers, server actions, forms, CLI), and the
// words the dashboard shows for them. The tokens and unions themselves are the engine's
// (lib/engine/types.ts): here they only become zod enums and labels, so a new channel, status or
// strategy is one row there and a compile error here until it has a label (a status reads as its
// capitalized token unless it is given one).
// Imports only zod and the engine's constants, so client components can use it too.
import { z } from "zod";
import {
  CHANNEL_NAMES,
  CHANNELS,
  ERROR_NUMBERS,
  FAILOVER_POLICIES,
  type FailoverPolicy,
  GEOMATCH_MODES,
  type GeomatchMode,
  INSTANCE_STATUSES,
  REASON_WORDS,
  REFUSAL_CODES,
  ROTATION_STRATEGIES,
  type RotationStrategy,
  RULE_WORDS,
  RULES,
  type RuleName,
  STATUS_REASONS,
  type StatusReason,
} from "@/lib/engine/types";

export const ROLES = ["admin", "agent", "support"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const channelSchema = z.enum(CHANNELS);
export const ruleSchema = z.enum(RULES);
export const instanceStatusSchema = z.enum(INSTANCE_STATUSES);
export const statusReasonSchema = z.enum(STATUS_REASONS);
export const rotationStrategySchema = z.enum(ROTATION_STRATEGIES);
export const failoverPolicySchema = z.enum(FAILOVER_POLICIES);
export const geomatchModeSchema = z.enum(GEOMATCH_MODES);
/** A message's delivery status (SPEC §1, §6): queued → sent → delivered → read, or failed; scheduled waits for the send window. */
export const MESSAGE_STATUSES = ["queued", "scheduled", "sent", "delivered", "read", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export const messageStatusSchema = z.enum(MESSAGE_STATUSES);
/** Who reported an instance's status change (SPEC §1, instance event). */
export const STATUS_SOURCES = ["gateway", "admin", "system"] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];
export const statusSourceSchema = z.enum(STATUS_SOURCES);
/** An engine error code: 101–106, or a refusal without a number. */
const engineErrorCodeSchema = z.union([z.literal(ERROR_NUMBERS), z.enum(REFUSAL_CODES)]);
/** Why a message that got a number still failed: the gateway refused the hand-off, or reported it undelivered. */
export const DELIVERY_FAILURES = ["transport_failed", "delivery_failed"] as const;
/** A failed message's `errorCode` in the API, the dashboard, events and webhooks (SPEC §3): the engine's code, else the delivery failure's name. */
export const messageErrorCodeSchema = z.union([engineErrorCodeSchema, z.enum(DELIVERY_FAILURES)]);

// Channel names and reason words are the engine's own (its traces say them); the UI shows the same.
export const CHANNEL_LABELS = CHANNEL_NAMES;
export const RULE_LABELS = Object.fromEntries(RULES.map((r) => [r, capitalize(RULE_WORDS[r])])) as Record<RuleName, string>;
export const STATUS_LABELS = labels(INSTANCE_STATUSES, { qr_pending: "QR pending" });
export const STATUS_REASON_LABELS: Record<StatusReason, string> = REASON_WORDS;
/** The settings form's choices: each strategy with what it does. */
export const ROTATION_STRATEGY_LABELS: Record<RotationStrategy, string> = {
  round_robin: "Round robin — the next index after the last one used",
  least_used: "Least used — fewest sends today",
  health_weighted: "Health weighted — picks in proportion to health",
};
/** The settings form's choices for the failover policy (SPEC §2). */
export const FAILOVER_POLICY_LABELS: Record<FailoverPolicy, string> = {
  error: "Error — a rule whose number cannot send refuses the message (the seeds' behaviour)",
  next_rule: "Next rule — errors 101–105 are recorded and a lower rule sends (106 still fails)",
};
/** The settings form's choices for geomatch (SPEC §2, rotation only). */
export const GEOMATCH_MODE_LABELS: Record<GeomatchMode, string> = {
  off: "Off — rotation ignores where numbers are",
  country: "Country — prefer numbers in the contact's country",
  area_code: "Area code — prefer the contact's area code (US/Canada), then its country",
};
export const MESSAGE_STATUS_LABELS = labels(MESSAGE_STATUSES);
/** How far along a message is: a report never moves a message back (a late `sent` after `read`). */
export const MESSAGE_STATUS_RANK: Record<MessageStatus, number> = { queued: 0, scheduled: 0, sent: 1, delivered: 2, read: 3, failed: 4 };
export const ROLE_LABELS: Record<Role, string> = { admin: "Admin", agent: "Agent", support: "Support" };

/** What an alert is about (SPEC §1 Alert). */
export const ALERT_KINDS = ["banned", "logged_out", "low_health", "no_eligible_number", "gateway_failing"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const alertKindSchema = z.enum(ALERT_KINDS);
export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  banned: "Number banned",
  logged_out: "Number logged out",
  low_health: "Health under the minimum",
  no_eligible_number: "No eligible number",
  gateway_failing: "Gateway failing",
};

/** What each role may do (SPEC §4). Server code checks these; the UI only mirrors them. */
export const PERMISSIONS = {
  view: ["admin", "agent", "support"],
  editContacts: ["admin", "agent"],
  manageInstances: ["admin"],
  manageSettings: ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Each status token as the dashboard shows it: the word capitalized ("delivered" → "Delivered"), unless `words` says otherwise. */
function labels<T extends string>(tokens: readonly T[], words: Partial<Record<T, string>> = {}): Record<T, string> {
  return Object.fromEntries(tokens.map((t) => [t, words[t] ?? capitalize(t)])) as Record<T, string>;
}

function capitalize(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
