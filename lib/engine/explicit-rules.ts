// Rules 1 and 2: a sender named explicitly — an override pattern or the API's `from` (rule 1),
// a temporary-switch pattern (rule 2). Named means meant: a missing or unconnected instance is an
// error, never a silent fallback to another number.
import { type ChannelIndex, resolveSender } from "./snapshot-index";
import { CHANNEL_SYNTAX, type PatternKind, type PatternMatch } from "./syntax";
import { constantSkip, type RuleResult, type Via, who } from "./trace";
import { CHANNEL_NAMES, CHANNELS, type Channel, type EngineInstance, type SelectInput, type Warning } from "./types";

type ExplicitRule = "manual_override" | "temporary_switch";
const SUPPORTED = Object.fromEntries(
  CHANNELS.map((c) => [
    c,
    {
      override: CHANNEL_SYNTAX[c].patterns.some((p) => p.kind === "override"),
      temporary_switch: CHANNEL_SYNTAX[c].patterns.some((p) => p.kind === "temporary_switch"),
    },
  ]),
) as Record<Channel, Record<PatternKind, boolean>>;

// Most messages name no sender: the same (read-only) skip result every time, no allocation.
const ABSENT = Object.fromEntries(
  (["manual_override", "temporary_switch"] as const).map((rule) => [
    rule,
    Object.fromEntries(
      CHANNELS.map((channel) => {
        const supported = SUPPORTED[channel][rule === "manual_override" ? "override" : "temporary_switch"];
        return [channel, constantSkip({ kind: "explicit_absent", rule, channel, supported })];
      }),
    ),
  ]),
) as Record<ExplicitRule, Record<Channel, RuleResult>>;

export function evaluateExplicit(
  rule: ExplicitRule,
  input: SelectInput,
  index: ChannelIndex,
  own: readonly PatternMatch[],
  warnings: Warning[],
): RuleResult {
  const kind = rule === "manual_override" ? "override" : "temporary_switch";
  const patterns = own.length === 0 ? own : own.filter((m) => m.kind === kind);
  const from = rule === "manual_override" ? (input.from ?? null) : null;
  if (patterns.length === 0 && from === null) return ABSENT[rule][input.channel];
  // The same pattern twice (or "{WA#2}" and "{{ wa#2 }}") names one instance: fine.
  // Different indexes, in overrides or in temporary switches, are refused rather than guessed.
  const indexes = [...new Set(patterns.map((m) => m.index))];
  if (indexes.length > 1) {
    const named = indexes.map((n) => patterns.find((m) => m.index === n)!.text);
    return { type: "fail", code: "ambiguous_override", resolved: null, step: { kind: "explicit_ambiguous", rule, named } };
  }
  let via: Via;
  let instance: EngineInstance | null;
  if (from !== null) {
    const ref = "instanceId" in from ? from.instanceId : from.phone;
    via = { source: "from", ref };
    instance = resolveSender(index, from, input.location.defaultCountry);
    // A `from` that does not exist here is reported as missing (101) even beside a pattern: that
    // is the actionable fault. One that exists but is not the pattern's instance is ambiguous.
    if (instance !== null && indexes.length === 1 && instance.index !== indexes[0]) {
      const named = [patterns[0].text, `from ${ref} (${who(instance)})`];
      return { type: "fail", code: "ambiguous_override", resolved: null, step: { kind: "explicit_ambiguous", rule, named } };
    }
  } else {
    via = { source: "pattern", text: patterns[0].text, index: indexes[0] };
    instance = index.byIndex(indexes[0]);
  }
  if (instance === null) {
    return { type: "fail", code: 101, resolved: null, step: { kind: "explicit_not_found", rule, channel: input.channel, via } };
  }
  if (instance.status !== "connected") {
    return { type: "fail", code: 102, resolved: instance, step: { kind: "explicit_not_connected", rule, instance, via } };
  }
  if (rule === "manual_override") warnIgnoredSwitch(own, instance, warnings, input);
  return { type: "match", instance, step: { kind: "explicit_matched", rule, instance, via } };
}

/**
 * Override and temporary switch together: rule 1 comes first, so the override wins (SPEC's
 * hierarchy; SPEC calls only two overrides or `from` vs a pattern ambiguous). A switch naming a
 * different instance is stripped like every pattern and reported, so the author sees it did nothing.
 */
function warnIgnoredSwitch(own: readonly PatternMatch[], chosen: EngineInstance, warnings: Warning[], input: SelectInput): void {
  for (const m of own) {
    if (m.kind === "temporary_switch" && m.index !== chosen.index) {
      warnings.push({
        code: "temp_switch_ignored",
        message: `${m.text} was ignored: the manual override to ${who(chosen)} comes first. Nothing was sent from ${CHANNEL_NAMES[input.channel]} instance #${m.index}.`,
      });
      return;
    }
  }
}
