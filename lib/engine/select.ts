// The selection engine (SPEC §2): the first rule that resolves wins; a rule that resolves to an
// instance that cannot send raises its error and never falls through (rule 5 aside) — unless the
// location's failover policy is `next_rule`, which passes over errors 101–105. Pure: same input,
// same decision — no clock, no randomness, no I/O.
import { evaluateAssignment, evaluateDefault, evaluateTags } from "./contact-rules";
import { evaluateConversation, isLive } from "./conversation";
import { errorInfo } from "./errors";
import { evaluateExplicit } from "./explicit-rules";
import { phoneGeo } from "./phone";
import { rotate } from "./rotation";
import { type ChannelIndex, channelIndex } from "./snapshot-index";
import { type PatternMatch, scanPatterns, stripOwn } from "./syntax";
import { failoverWords, failsOver, instanceRef, notReached, type RuleResult, sharedEntry, toEntry, who } from "./trace";
import type {
  BindingAction,
  Channel,
  ChannelRotationState,
  Decision,
  EngineErrorCode,
  EngineInstance,
  RotationState,
  RuleName,
  SelectInput,
  TraceEntry,
  Warning,
} from "./types";
import { CHANNEL_NAMES, CHANNELS, FAILOVER_WORDS, RULE_WORDS, RULES, SEED_RULES } from "./types";
import { NOT_WARMING, warmingInfo, warmingLimitToday } from "./warming";

export function selectInstance(input: SelectInput): Decision {
  const { channel, location } = input;
  const requestedBody = input.body;
  const warnings: Warning[] = [];
  const own: PatternMatch[] = [];
  let foreign: Set<string> | null = null; // one warning per distinct foreign pattern
  for (const match of scanPatterns(requestedBody)) {
    if (match.channel === channel) {
      own.push(match);
      continue;
    }
    foreign ??= new Set();
    if (foreign.has(match.text)) continue;
    foreign.add(match.text);
    warnings.push({
      code: "foreign_pattern",
      message: `${match.text} is a pattern for ${CHANNEL_NAMES[match.channel]}: it has no effect on ${CHANNEL_NAMES[channel]} and was left in the message.`,
    });
  }
  const { body, stripped: strippedPatterns } = stripOwn(requestedBody, own, channel);

  const ladder = location.stickySender === true ? RULES : SEED_RULES;
  const failover = location.failover ?? "error";
  /** What a refusal carries besides its error, rule and trace. */
  const texts: RefusalTexts = { requestedBody, body, strippedPatterns, warnings, failover };
  // Checked before any rule: there is nothing to send, whichever number would send it.
  if (isBlank(body)) {
    const trace = ladder.map((rule, k) => notReached(rule, null, true, k + 1));
    const message = "The message is empty once its routing patterns are removed.";
    return refusal(input, texts, "empty_body", message, null, null, trace, false);
  }

  const index = channelIndex(location, channel);
  const trace: TraceEntry[] = [];
  let dropped = false; // the conversation rule found the bound instance gone
  for (let step = 0; step < ladder.length; step++) {
    const rule = ladder[step];
    const result = evaluate(rule, input, index, own, warnings);
    if (result.type === "skip") {
      trace.push(
        result.entries === undefined ? toEntry(rule, result.step, step + 1) : sharedEntry(rule, result.step, result.entries, step + 1),
      );
      if (result.drop === true) dropped = true;
      continue;
    }
    if (result.type === "fail" && failover === "next_rule" && failsOver(result.code)) {
      // Recorded as failed, with its code, and the ladder goes on (SPEC §2, failover policy).
      const entry = toEntry(rule, result.step, step + 1);
      const info = errorInfo(result.code);
      warnings.push({
        code: "failover_used",
        message: `The ${RULE_WORDS[rule]} rule failed with error ${info.code} (${info.name}): ${entry.detail} The location's failover policy is "${FAILOVER_WORDS.next_rule}", so a lower rule decided.`,
      });
      entry.detail += failoverWords(result.code);
      trace.push(entry);
      continue;
    }
    trace.push(toEntry(rule, result.step, step + 1));
    const failed = result.type === "fail";
    for (let later = step + 1; later < ladder.length; later++) trace.push(notReached(ladder[later], rule, failed, later + 1));
    if (result.type === "fail") {
      // The failed step's detail is already the specific, plain-English reason.
      return refusal(input, texts, result.code, trace[step].detail, rule, result.resolved, trace, dropped);
    }
    if (rule !== "any_available") explicitWarnings(result.instance, input, warnings);
    // Only rotation advances the rotation state; explicit rules leave its order undisturbed.
    const nextRotation = result.nextRotation ?? input.rotation;
    return {
      ok: true,
      channel,
      rule,
      instance: instanceRef(result.instance),
      requestedBody,
      body,
      strippedPatterns,
      trace,
      warnings,
      nextRotation,
      failover,
      binding: bindingAction(input, WRITES_BINDING[rule] ? result.instance : null, dropped),
    };
  }
  throw new Error("unreachable: rule 6 always matches or fails");
}

/** A refused message's decision: its error (`code`, in `message`'s words), the rule that refused (null: none ran) and the instance it resolved to. */
type RefusalTexts = Pick<Decision, "requestedBody" | "body" | "strippedPatterns" | "warnings" | "failover">;
function refusal(
  input: SelectInput,
  texts: RefusalTexts,
  code: EngineErrorCode,
  message: string,
  rule: RuleName | null,
  resolved: EngineInstance | null,
  trace: TraceEntry[],
  dropped: boolean,
): Decision {
  const info = errorInfo(code);
  const error = { code: info.code, name: info.name, message, httpStatus: info.httpStatus };
  const resolvedInstance = resolved === null ? null : instanceRef(resolved);
  return {
    ok: false,
    channel: input.channel,
    error,
    rule,
    resolvedInstance,
    ...texts,
    trace,
    binding: bindingAction(input, null, dropped),
  };
}

/** The rules whose successful send binds a contact that has no live binding (SPEC §2); manual override, temporary switch and tags never do. */
const WRITES_BINDING: Record<RuleName, boolean> = {
  manual_override: false,
  temporary_switch: false,
  contact_tag: false,
  user_assignment: true,
  conversation: true,
  default_instance: true,
  any_available: true,
};

/**
 * What the caller stores as the contact's binding (types.ts, BindingAction). `writer`: the chosen
 * instance when a binding-writing rule decided, else null. The conversation rule's own choice is
 * always the live bound instance: written again, which refreshes its time (the last exchange).
 * Another writer replaces only a missing, expired or dropped binding; a live one (even a busy
 * number's) is kept. A gone binding is dropped whatever decides next.
 */
function bindingAction(input: SelectInput, writer: EngineInstance | null, dropped: boolean): BindingAction {
  const binding = input.contact.binding ?? null;
  if (writer !== null) {
    if (binding === null || dropped || binding.instanceId === writer.id || !isLive(binding.at, input.location, input.now))
      return { action: "write", instanceId: writer.id };
    return { action: "keep", instanceId: binding.instanceId };
  }
  if (binding === null) return NO_BINDING;
  return dropped ? { action: "drop", instanceId: binding.instanceId } : { action: "keep", instanceId: binding.instanceId };
}
const NO_BINDING: BindingAction = { action: "none" };

/** Only whitespace (or nothing)? A visible ASCII first character answers without a regex. */
function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return !NON_BLANK.test(text);
}
const NON_BLANK = /\S/;

function evaluate(rule: RuleName, input: SelectInput, index: ChannelIndex, own: PatternMatch[], warnings: Warning[]): RuleResult {
  switch (rule) {
    case "manual_override":
    case "temporary_switch":
      return evaluateExplicit(rule, input, index, own, warnings);
    case "contact_tag":
      return evaluateTags(input, index, warnings);
    case "user_assignment":
      return evaluateAssignment(input, index);
    case "conversation":
      return evaluateConversation(input, index);
    case "default_instance":
      return evaluateDefault(input.channel, index, warnings);
    case "any_available": {
      const { location } = input;
      const contactGeo = (location.geomatch ?? "off") === "off" ? null : phoneGeo(input.contact.phone, location.defaultCountry);
      const result = rotate(index, location, input.rotation[input.channel], input.now, contactGeo);
      if (result.instance === null) {
        return {
          type: "fail",
          code: 106,
          resolved: null,
          step: { kind: "rotation_none", channel: input.channel, total: index.sorted.length, excluded: result.excluded },
        };
      }
      const nextRotation = withChannelState(input.rotation, input.channel, result.state);
      const { instance, eligible, warmingOnly, geo } = result;
      return {
        type: "match",
        instance,
        nextRotation,
        step: { kind: "rotation_matched", instance, strategy: location.rotationStrategy, eligible, warmingOnly, geo },
      };
    }
  }
}

/** A new rotation state with one channel replaced; built key by key in a fixed order, which is
 * several times cheaper than a spread with a computed key on this hot path. */
function withChannelState(rotation: RotationState, channel: Channel, state: ChannelRotationState): RotationState {
  const next: RotationState = {};
  for (const c of CHANNELS) {
    const value = c === channel ? state : rotation[c];
    if (value !== undefined) next[c] = value;
  }
  return next;
}

/** Explicit rules may send from a warming instance over its limit or a low-health one: say so. */
function explicitWarnings(instance: EngineInstance, input: SelectInput, warnings: Warning[]): void {
  const limit = warmingLimitToday(instance, input.location, input.now);
  if (limit !== NOT_WARMING && instance.sendsToday >= limit) {
    const info = warmingInfo(instance, input.location, input.now);
    warnings.push({
      code: "warming_limit_exceeded",
      message: `${who(instance)} is on warming day ${info.day} and has sent ${instance.sendsToday} of today's ${info.dailyLimit}; sent anyway because it was chosen explicitly.`,
    });
  }
  if (instance.healthScore < input.location.minHealth) {
    warnings.push({
      code: "low_health",
      message: `${who(instance)} has health ${instance.healthScore}, under the location's minimum of ${input.location.minHealth}; sent anyway because it was chosen explicitly.`,
    });
  }
  const paced = instance.pacingCap;
  if (paced) {
    const what = paced.cap === "hourly_limit" ? `its hourly limit of ${paced.limit}` : `its limit of ${paced.limit} new contacts a day`;
    warnings.push({
      code: "paced",
      message: `${who(instance)} is at ${what}; chosen explicitly, so the message waits for its slot at ${new Date(paced.until).toISOString()}.`,
    });
  }
}
