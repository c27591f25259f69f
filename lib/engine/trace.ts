// What each rule found, as data (a discriminated union), and the one place that words it for
// people. Support staff read these details in the dry-run panel and the message log, so each
// names the instance (index, label, number) and says why.
import { formatPhone } from "./phone";
import { CHANNEL_SYNTAX } from "./syntax";
import type {
  Channel,
  EngineErrorCode,
  EngineInstance,
  GeomatchMode,
  InstanceRef,
  PacingCap,
  RotationState,
  RotationStrategy,
  RuleName,
  TraceEntry,
  TraceOutcome,
} from "./types";
import {
  CHANNEL_NAMES,
  ERROR_NUMBERS,
  FAILOVER_WORDS,
  GEOMATCH_WORDS,
  REASON_WORDS,
  RULE_WORDS,
  RULES,
  STATUS_REASONS,
  STRATEGY_WORDS,
  type StatusReason,
} from "./types";

/** How an explicit sender was named: a body pattern, or the API request's `from`. */
export type Via = { source: "pattern"; text: string; index: number } | { source: "from"; ref: string };
export interface TagMiss {
  tag: string;
  phone: string;
  instance: EngineInstance | null; // null: no instance has the number; else it is not connected
}
export interface RotationExclusions {
  notConnected: number;
  noPhone: number;
  lowHealth: number;
  overLimit: number;
  /** At a pacing cap (hourly, or new contacts per day for this contact). */
  paced: number;
}
/** Why a bound instance that is still there cannot send this message now (SPEC §2: busy is not gone). */
export type Busy =
  | { why: "status" }
  | { why: "paced"; cap: PacingCap }
  | { why: "low_health"; health: number; minHealth: number }
  | { why: "warming_limit"; day: number; limit: number; sends: number };
/**
 * Which of the eligible instances rotation chose among with geomatch on (SPEC §2): those with the
 * contact's area code, those in its country, or all of them when none matches (or the contact's
 * number says neither). `area`/`country`: the contact's.
 */
export interface GeoChoice {
  mode: Exclude<GeomatchMode, "off">;
  tier: "area_code" | "country" | "all";
  count: number;
  area: string | null;
  country: string | null;
}

export type TraceStep =
  | { kind: "not_reached"; rule: RuleName; decidedBy: RuleName | null; failed: boolean }
  | { kind: "explicit_absent"; rule: "manual_override" | "temporary_switch"; channel: Channel; supported: boolean }
  | { kind: "explicit_matched"; rule: "manual_override" | "temporary_switch"; instance: EngineInstance; via: Via }
  | { kind: "explicit_not_found"; rule: "manual_override" | "temporary_switch"; channel: Channel; via: Via }
  | { kind: "explicit_not_connected"; rule: "manual_override" | "temporary_switch"; instance: EngineInstance; via: Via }
  | { kind: "explicit_ambiguous"; rule: "manual_override" | "temporary_switch"; named: string[] }
  | { kind: "tag_absent"; channel: Channel; invalid: number }
  | { kind: "tag_matched"; instance: EngineInstance; tag: string; misses: TagMiss[] }
  | { kind: "tag_not_found"; channel: Channel; misses: TagMiss[] }
  | { kind: "tag_not_connected"; instance: EngineInstance; misses: TagMiss[] }
  | { kind: "assignment_absent" }
  | { kind: "assignment_no_instance"; channel: Channel; user: string }
  | { kind: "assignment_matched"; instance: EngineInstance; user: string }
  | { kind: "assignment_not_connected"; instance: EngineInstance; user: string }
  | { kind: "conversation_absent"; channel: Channel }
  | { kind: "conversation_matched"; instance: EngineInstance; ageDays: number }
  | { kind: "conversation_busy"; instance: EngineInstance; busy: Busy }
  | { kind: "conversation_gone"; instance: EngineInstance }
  | { kind: "conversation_deleted"; channel: Channel }
  | { kind: "conversation_expired"; instance: EngineInstance; ageDays: number; stickyDays: number }
  | { kind: "default_absent"; channel: Channel }
  | { kind: "default_not_connected"; instance: EngineInstance }
  | { kind: "default_matched"; instance: EngineInstance }
  | {
      kind: "rotation_matched";
      instance: EngineInstance;
      strategy: RotationStrategy;
      eligible: number;
      warmingOnly: boolean;
      geo: GeoChoice | null;
    }
  | { kind: "rotation_none"; channel: Channel; total: number; excluded: RotationExclusions };

/** What one rule concluded: pass to the next rule, choose an instance, or refuse the message. */
export type RuleResult =
  | {
      type: "skip";
      step: TraceStep;
      /** The conversation rule found the bound instance gone. */
      drop?: true;
      /** A constant result's shared trace entries, by position (constantSkip). */
      entries?: TraceEntry[];
    }
  | { type: "match"; step: TraceStep; instance: EngineInstance; nextRotation?: RotationState }
  | { type: "fail"; step: TraceStep; code: EngineErrorCode; resolved: EngineInstance | null };

type Position = TraceEntry["step"];

/** A trace entry for `rule`, at `position` (1-based) in this decision's ladder; the detail comes from the one switch below. */
export function toEntry(rule: RuleName, step: TraceStep, position: number): TraceEntry {
  const entry: TraceEntry = { step: position as Position, rule, outcome: OUTCOME[step.kind], detail: describe(step) };
  const instance = (step as { instance?: EngineInstance }).instance;
  if (instance !== undefined) entry.instance = instanceRef(instance);
  return entry;
}

/**
 * A skip that is the same on many messages, for a shared read-only result: a rule with nothing to
 * go on (no pattern, no number tag, no assignment, no binding), or a default that cannot send.
 * Its trace entries are made once per position in a ladder and shared (sharedEntry): building an
 * entry from a step reads the step's kind and fields, the steps have many shapes, and those reads
 * made the skipped rules the costliest part of a rotation's decision.
 */
export function constantSkip(step: TraceStep): RuleResult {
  if (OUTCOME[step.kind] !== "skipped") throw new Error(`${step.kind} is not a skip`);
  return { type: "skip", step, entries: [] };
}

/**
 * The trace entry of a constant result (constantSkip) at `position`: made on first use, then the
 * same frozen object in every decision's trace. Traces are read, stored and shown, never changed.
 */
export function sharedEntry(rule: RuleName, step: TraceStep, entries: TraceEntry[], position: number): TraceEntry {
  return (entries[position] ??= Object.freeze(toEntry(rule, step, position)));
}

/** "Not reached" entries recur on nearly every decision: their words are built once. */
export function notReached(rule: RuleName, decidedBy: RuleName | null, failed: boolean, position: number): TraceEntry {
  const detail = decidedBy === null ? NOT_EVALUATED : (failed ? NOT_REACHED_FAILED : NOT_REACHED_MATCHED)[decidedBy];
  return { step: position as Position, rule, outcome: "not_reached", detail };
}

const NOT_EVALUATED = describe({ kind: "not_reached", rule: "manual_override", decidedBy: null, failed: true });
const notReachedWords = (failed: boolean) =>
  Object.fromEntries(
    RULES.map((decidedBy) => [decidedBy, describe({ kind: "not_reached", rule: decidedBy, decidedBy, failed })]),
  ) as Record<RuleName, string>;
const NOT_REACHED_FAILED = notReachedWords(true);
const NOT_REACHED_MATCHED = notReachedWords(false);

const FAILOVER_CODES: ReadonlySet<EngineErrorCode> = new Set(ERROR_NUMBERS.filter((code) => code !== 106));
/** Errors 101–105 are the ones the `next_rule` failover policy passes over; 106 and the refusals always stand. */
export function failsOver(code: EngineErrorCode): boolean {
  return FAILOVER_CODES.has(code);
}
/** The words a failed step gets when the `next_rule` policy passed over its error. */
export function failoverWords(code: EngineErrorCode): string {
  return ` Failover policy "${FAILOVER_WORDS.next_rule}": error ${code} is passed over and the next rule decides.`;
}

const OUTCOME: Record<TraceStep["kind"], TraceOutcome> = {
  not_reached: "not_reached",
  explicit_absent: "skipped",
  explicit_matched: "matched",
  explicit_not_found: "failed",
  explicit_not_connected: "failed",
  explicit_ambiguous: "failed",
  tag_absent: "skipped",
  tag_matched: "matched",
  tag_not_found: "failed",
  tag_not_connected: "failed",
  assignment_absent: "skipped",
  assignment_no_instance: "skipped",
  assignment_matched: "matched",
  assignment_not_connected: "failed",
  conversation_absent: "skipped",
  conversation_matched: "matched",
  conversation_busy: "skipped",
  conversation_gone: "skipped",
  conversation_deleted: "skipped",
  conversation_expired: "skipped",
  default_absent: "skipped",
  default_not_connected: "skipped",
  default_matched: "matched",
  rotation_matched: "matched",
  rotation_none: "failed",
};

/** The one exhaustive switch from step to words: a new kind fails to compile until worded. */
function describe(step: TraceStep): string {
  switch (step.kind) {
    case "not_reached":
      if (step.decidedBy === null) return "Not evaluated: the message is empty once its patterns are removed.";
      return `Not reached: the ${RULE_WORDS[step.decidedBy]} rule ${step.failed ? "refused the message" : "already chose the sender"}.`;
    case "explicit_absent": // same words for every message: built once per rule and channel
      return (ABSENT_WORDS[step.rule][step.channel] ??= explicitAbsentWords(step.rule, step.channel, step.supported));
    case "explicit_matched":
      return `${viaWords(step.via)} names instance ${who(step.instance)}, which is connected — chosen.`;
    case "explicit_not_found":
      return step.via.source === "pattern"
        ? `Pattern ${step.via.text} names instance #${step.via.index}, but no ${CHANNEL_NAMES[step.channel]} instance of this location has that index.`
        : `The request's sender (from ${step.via.ref}) is not a ${CHANNEL_NAMES[step.channel]} instance of this location: no instance has that id or number.`;
    case "explicit_not_connected":
      return `${viaWords(step.via)} names instance ${who(step.instance)}, which is ${statusWords(step.instance)} — it cannot send.`;
    case "explicit_ambiguous":
      return `The message names different senders (${step.named.join(", ")}) — refused rather than guess.`;
    case "tag_absent":
      return step.invalid > 0
        ? `The contact's ${tagPrefix(step.channel)} tags have no usable number (${step.invalid} invalid, ignored) — skipped.`
        : (NO_TAG_WORDS[step.channel] ??= `The contact has no ${tagPrefix(step.channel)} number tag — skipped.`);
    case "tag_matched":
      return `${missWords(step.misses)}Tag "${step.tag}" matches instance ${who(step.instance)}, which is connected — chosen.`;
    case "tag_not_found": {
      const numbers = [...new Set(step.misses.map((m) => formatPhone(m.phone)))];
      const shown = numbers.length > 4 ? `${numbers.slice(0, 4).join(", ")} and ${numbers.length - 4} more` : numbers.join(", ");
      return `No ${CHANNEL_NAMES[step.channel]} instance has the tagged number${numbers.length > 1 ? "s" : ""} ${shown}.`;
    }
    case "tag_not_connected":
      return `${missWords(step.misses)}No tagged instance is connected.`;
    case "assignment_absent":
      return "The contact is not assigned to a user — skipped.";
    case "assignment_no_instance":
      return `The contact is assigned to ${step.user}, who has no ${CHANNEL_NAMES[step.channel]} instance — skipped.`;
    case "assignment_matched":
      return `The contact is assigned to ${step.user}, whose instance ${who(step.instance)} is connected — chosen.`;
    case "assignment_not_connected":
      return `The contact is assigned to ${step.user}, whose instance ${who(step.instance)} is ${statusWords(step.instance)} — it cannot send.`;
    case "conversation_absent":
      return (NO_BINDING_WORDS[step.channel] ??= `The contact has no ${CHANNEL_NAMES[step.channel]} conversation binding — skipped.`);
    case "conversation_matched":
      return `The contact last exchanged messages with ${who(step.instance)} ${ageWords(step.ageDays)}, and it is connected — chosen (the binding is kept).`;
    case "conversation_busy":
      return `The contact is bound to ${who(step.instance)}, which is busy: ${busyWords(step.instance, step.busy)} — skipped for this message; the binding is kept.`;
    case "conversation_gone":
      return `The contact was bound to ${who(step.instance)}, which is ${statusWords(step.instance)} — gone, so the binding is dropped; skipped.`;
    case "conversation_deleted":
      return `The contact was bound to a ${CHANNEL_NAMES[step.channel]} instance that no longer exists — the binding is dropped; skipped.`;
    case "conversation_expired":
      return `The contact's binding to ${who(step.instance)} is from ${ageWords(step.ageDays)}, past the ${step.stickyDays}-day limit — expired, skipped.`;
    case "default_absent":
      return (NO_DEFAULT_WORDS[step.channel] ??= `No default ${CHANNEL_NAMES[step.channel]} instance is set — skipped.`);
    case "default_not_connected":
      return `Default instance ${who(step.instance)} is ${statusWords(step.instance)} — skipped.`;
    case "default_matched":
      return `Default instance ${who(step.instance)} is connected — chosen.`;
    case "rotation_matched":
      return rotationWords(step);
    case "rotation_none":
      return `None of the ${step.total} ${CHANNEL_NAMES[step.channel]} instance${step.total === 1 ? "" : "s"} can rotate${exclusionWords(step.excluded)}.`;
  }
}

/** "#2 Support +1 555 000 0002": how every detail names an instance. */
export function who(instance: EngineInstance): string {
  const hit = WHO.get(instance);
  if (hit !== undefined && hit.index === instance.index && hit.label === instance.label && hit.phone === instance.phone) return hit.text;
  const label = instance.label ? ` ${instance.label}` : "";
  const text = `#${instance.index}${label} ${formatPhone(instance.phone)}`;
  WHO.set(instance, { index: instance.index, label: instance.label, phone: instance.phone, text });
  return text;
}
// Instances are named several times per decision and across decisions; the words are cached
// per instance object and checked against the fields they were built from.
const WHO = new WeakMap<EngineInstance, { index: number; label: string; phone: string | null; text: string }>();

export function statusWords(instance: EngineInstance): string {
  return instance.status === "disconnected" ? DISCONNECTED_WORDS[instance.statusReason ?? "none"] : STATUS_WORDS[instance.status];
}
const STATUS_WORDS: Record<Exclude<EngineInstance["status"], "disconnected">, string> = {
  connected: "connected",
  connecting: "still connecting",
  qr_pending: "waiting for a QR scan",
};
const DISCONNECTED_WORDS: Record<NonNullable<EngineInstance["statusReason"]> | "none", string> = {
  none: "disconnected",
  ...(Object.fromEntries(STATUS_REASONS.map((r) => [r, `disconnected (${REASON_WORDS[r]})`])) as Record<StatusReason, string>),
};

export function instanceRef(instance: EngineInstance): InstanceRef {
  return { id: instance.id, index: instance.index, label: instance.label, phone: instance.phone };
}

function ageWords(days: number): string {
  return days <= 0 ? "today" : days === 1 ? "1 day ago" : `${days} days ago`;
}

function busyWords(instance: EngineInstance, busy: Busy): string {
  switch (busy.why) {
    case "status":
      return statusWords(instance);
    case "paced":
      return busy.cap.cap === "hourly_limit"
        ? `at its hourly limit of ${busy.cap.limit}`
        : `at its limit of ${busy.cap.limit} new contacts a day`;
    case "low_health":
      return `health ${busy.health}, under the location's minimum of ${busy.minHealth}`;
    case "warming_limit":
      return `warming day ${busy.day}, ${busy.sends} of today's ${busy.limit} sent`;
  }
}

type RotationStep = Extract<TraceStep, { kind: "rotation_matched" }>;
/**
 * Rotation's words, kept per chosen instance with the values they were built from: rotation
 * picks among the same few instances with the same counts message after message, and building
 * the sentence (a dozen joined pieces) cost more than checking that nothing changed.
 */
function rotationWords(step: RotationStep): string {
  const name = who(step.instance);
  const geo = step.geo;
  const kept = ROTATION_WORDS.get(step.instance);
  if (
    kept !== undefined &&
    kept.name === name &&
    kept.strategy === step.strategy &&
    kept.eligible === step.eligible &&
    kept.warmingOnly === step.warmingOnly &&
    (geo === null
      ? kept.geo === null
      : kept.geo !== null &&
        kept.geo.tier === geo.tier &&
        kept.geo.count === geo.count &&
        kept.geo.mode === geo.mode &&
        kept.geo.area === geo.area &&
        kept.geo.country === geo.country)
  )
    return kept.text;
  const text = buildRotationWords(step, name);
  ROTATION_WORDS.set(step.instance, { name, strategy: step.strategy, eligible: step.eligible, warmingOnly: step.warmingOnly, geo, text });
  return text;
}
const ROTATION_WORDS = new WeakMap<
  EngineInstance,
  Pick<RotationStep, "strategy" | "eligible" | "warmingOnly" | "geo"> & { name: string; text: string }
>();

function buildRotationWords(step: RotationStep, name: string): string {
  const { geo } = step;
  const kind = step.warmingOnly ? "warming instance" : "warmed instance";
  const plural = step.eligible === 1 ? "" : "s";
  const warming = step.warmingOnly ? " (no warmed instance was eligible)" : "";
  if (geo === null)
    return `Rotation (${STRATEGY_WORDS[step.strategy]}) chose ${name} among ${step.eligible} eligible ${kind}${plural}${warming}.`;
  if (geo.tier === "all")
    return `Rotation (${STRATEGY_WORDS[step.strategy]}) chose ${name} among ${step.eligible} eligible ${kind}${plural}${warming}.${geoAllWords(geo)}`;
  return `Rotation (${STRATEGY_WORDS[step.strategy]}) chose ${name} among the ${geo.count} of ${step.eligible} eligible ${kind}${plural}${warming} ${geoTierWords(geo)}.`;
}

function geoTierWords(geo: GeoChoice): string {
  if (geo.tier === "area_code") return `with the contact's area code ${geo.area} (geomatch: area code)`;
  const noArea =
    geo.mode === "area_code" ? (geo.area === null ? "; the contact's number has no area code" : `; none has area code ${geo.area}`) : "";
  return `in the contact's country ${geo.country} (geomatch: ${GEOMATCH_WORDS[geo.mode]}${noArea})`;
}

function geoAllWords(geo: GeoChoice): string {
  const mode = `Geomatch (${GEOMATCH_WORDS[geo.mode]})`;
  const area = geo.mode === "area_code" && geo.area !== null ? `area code ${geo.area}` : null;
  const country = geo.country === null ? null : `country ${geo.country}`;
  if (area === null && country === null)
    return ` ${mode}: the contact's number has no known ${geo.mode === "area_code" ? "area code or country" : "country"} — all eligible instances were used.`;
  const wanted = area !== null && country !== null ? `${area} or ${country}` : (area ?? country);
  return ` ${mode}: no eligible instance has the contact's ${wanted} — all eligible instances were used.`;
}

const NO_BINDING_WORDS: Partial<Record<Channel, string>> = {};
const NO_TAG_WORDS: Partial<Record<Channel, string>> = {};
const NO_DEFAULT_WORDS: Partial<Record<Channel, string>> = {};
const ABSENT_WORDS: Record<"manual_override" | "temporary_switch", Partial<Record<Channel, string>>> = {
  manual_override: {},
  temporary_switch: {},
};
function explicitAbsentWords(rule: "manual_override" | "temporary_switch", channel: Channel, supported: boolean): string {
  if (!supported)
    return `${CHANNEL_NAMES[channel]} has no ${RULE_WORDS[rule]} pattern${rule === "manual_override" ? " and the request names no sender" : ""} — skipped.`;
  return rule === "manual_override"
    ? "The message has no override pattern and the request names no sender — skipped."
    : "The message has no temporary-switch pattern — skipped.";
}

function viaWords(via: Via): string {
  return via.source === "pattern" ? `Pattern ${via.text}` : `The request's sender (from ${via.ref})`;
}

function tagPrefix(channel: Channel): string {
  return `${CHANNEL_SYNTAX[channel].tagPrefix}:`;
}

// Earlier tags that did not resolve, so the reader sees why a later tag (or none) was used.
function missWords(misses: readonly TagMiss[]): string {
  if (misses.length === 0) return "";
  const shown = misses
    .slice(0, 3)
    .map((m) =>
      m.instance === null
        ? `"${m.tag}": no instance has ${formatPhone(m.phone)}`
        : `"${m.tag}": ${who(m.instance)} is ${statusWords(m.instance)}`,
    );
  const more = misses.length > 3 ? `; and ${misses.length - 3} more` : "";
  return `Passed over ${shown.join("; ")}${more}. `;
}

function exclusionWords(e: RotationExclusions): string {
  const parts: string[] = [];
  if (e.notConnected) parts.push(`${e.notConnected} not connected`);
  if (e.noPhone) parts.push(`${e.noPhone} without a phone number`);
  if (e.lowHealth) parts.push(`${e.lowHealth} under the minimum health`);
  if (e.overLimit) parts.push(`${e.overLimit} at the warming daily limit`);
  if (e.paced) parts.push(`${e.paced} at a pacing limit`);
  return parts.length ? `: ${parts.join(", ")}` : " (the channel has no instance)";
}
