// The selection engine (SPEC §2): the first rule that resolves wins; a rule that resolves to an
// instance that cannot send raises its error and never falls through (rule 5 aside). Pure: same
// input, same decision — no clock, no randomness, no I/O.
import { evaluateAssignment, evaluateDefault, evaluateTags } from "./contact-rules";
import { errorInfo } from "./errors";
import { evaluateExplicit } from "./explicit-rules";
import { rotate } from "./rotation";
import { type ChannelIndex, channelIndex } from "./snapshot-index";
import { type PatternMatch, scanPatterns, stripOwn } from "./syntax";
import { instanceRef, notReached, type RuleResult, toEntry, who } from "./trace";
import type {
  Channel,
  ChannelRotationState,
  Decision,
  EngineInstance,
  RotationState,
  RuleName,
  SelectInput,
  TraceEntry,
  Warning,
} from "./types";
import { CHANNEL_NAMES, CHANNELS, RULES } from "./types";
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

  // Checked before any rule: there is nothing to send, whichever number would send it.
  if (isBlank(body)) {
    const info = errorInfo("empty_body");
    const error = {
      code: info.code,
      name: info.name,
      message: "The message is empty once its routing patterns are removed.",
      httpStatus: info.httpStatus,
    };
    const trace = RULES.map((rule) => notReached(rule, null, true));
    return { ok: false, channel, error, rule: null, resolvedInstance: null, requestedBody, body, strippedPatterns, trace, warnings };
  }

  const index = channelIndex(location, channel);
  const trace: TraceEntry[] = [];
  for (let step = 0; step < RULES.length; step++) {
    const rule = RULES[step];
    const result = evaluate(rule, input, index, own, warnings);
    trace.push(toEntry(rule, result.step));
    if (result.type === "skip") continue;
    const failed = result.type === "fail";
    for (let later = step + 1; later < RULES.length; later++) trace.push(notReached(RULES[later], rule, failed));
    if (result.type === "fail") {
      const info = errorInfo(result.code);
      // The failed step's detail is already the specific, plain-English reason.
      const error = { code: info.code, name: info.name, message: trace[step].detail, httpStatus: info.httpStatus };
      const resolvedInstance = result.resolved === null ? null : instanceRef(result.resolved);
      return { ok: false, channel, error, rule, resolvedInstance, requestedBody, body, strippedPatterns, trace, warnings };
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
    };
  }
  throw new Error("unreachable: rule 6 always matches or fails");
}

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
    case "default_instance":
      return evaluateDefault(input.channel, index, warnings);
    case "any_available": {
      const result = rotate(index.sorted, input.location, input.rotation[input.channel], input.now);
      if (result.instance === null) {
        return {
          type: "fail",
          code: 106,
          resolved: null,
          step: { kind: "rotation_none", channel: input.channel, total: index.sorted.length, excluded: result.excluded },
        };
      }
      const nextRotation = withChannelState(input.rotation, input.channel, result.state);
      const { instance, eligible, warmingOnly } = result;
      return {
        type: "match",
        instance,
        nextRotation,
        step: { kind: "rotation_matched", instance, strategy: input.location.rotationStrategy, eligible, warmingOnly },
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
