// Rules 3–5: what the contact and the location say — the contact's number tags, the user the
// contact is assigned to, the channel's default instance.
import type { ChannelIndex } from "./snapshot-index";
import { tagReader } from "./syntax";
import { constantSkip, type RuleResult, statusWords, type TagMiss, who } from "./trace";
import { CHANNEL_NAMES, CHANNELS, type Channel, type EngineInstance, type SelectInput, type Warning } from "./types";

/**
 * Rule 3: the first tagged number (tag order) whose instance is connected. Reads the tags in
 * one pass (this is the engine's hottest loop: contacts carry many tags, most of them free text).
 */
export function evaluateTags(input: SelectInput, index: ChannelIndex, warnings: Warning[]): RuleResult {
  const { channel, contact, location } = input;
  const tags = contact.tags;
  const reader = tagReader(channel, location.defaultCountry);
  let chosen: EngineInstance | null = null;
  let chosenTag = "";
  let misses: TagMiss[] | null = null;
  let invalid = 0;
  for (let position = 0; position < tags.length; position++) {
    const tag = tags[position];
    const meaning = reader.read(tag);
    if (meaning === null) continue;
    if (meaning.phone === null) {
      invalid++;
      warnings.push({ code: "invalid_tag", message: `Tag "${tag}" is not a usable phone number: ignored for routing.` });
      continue;
    }
    if (chosen !== null) continue; // decided; still reading on to report every invalid tag
    const instance = index.byPhone(meaning.phone);
    if (instance !== null && instance.status === "connected") {
      chosen = instance;
      chosenTag = tag;
    } else (misses ??= []).push({ tag, phone: meaning.phone, instance });
  }
  if (chosen !== null)
    return {
      type: "match",
      instance: chosen,
      step: { kind: "tag_matched", instance: chosen, tag: chosenTag, misses: misses ?? NO_MISSES },
    };
  if (misses === null) return invalid === 0 ? NO_TAGS[channel] : { type: "skip", step: { kind: "tag_absent", channel, invalid } };
  const firstKnown = misses.find((m) => m.instance !== null);
  if (firstKnown === undefined) return { type: "fail", code: 103, resolved: null, step: { kind: "tag_not_found", channel, misses } };
  // 104 names the first tagged instance (tag order) as the one the rule resolved to.
  const instance = firstKnown.instance!;
  return { type: "fail", code: 104, resolved: instance, step: { kind: "tag_not_connected", instance, misses } };
}
const NO_MISSES: TagMiss[] = [];
// The common "nothing here" results are the same every time: shared and read-only, no allocation.
const NO_TAGS = Object.fromEntries(
  CHANNELS.map((channel) => [channel, constantSkip({ kind: "tag_absent", channel, invalid: 0 })]),
) as Record<Channel, RuleResult>;
const NOT_ASSIGNED = constantSkip({ kind: "assignment_absent" });
/** Rule 4: the instance of the user the contact is assigned to, on this channel. */
export function evaluateAssignment(input: SelectInput, index: ChannelIndex): RuleResult {
  const { contact, channel } = input;
  if (contact.assignedUserId === null || contact.assignedUserId === undefined) return NOT_ASSIGNED;
  const user = contact.assignedUserName ? `${contact.assignedUserName}` : `user ${contact.assignedUserId}`;
  const instance = index.byUser(contact.assignedUserId);
  if (instance === null) return { type: "skip", step: { kind: "assignment_no_instance", channel, user } };
  if (instance.status !== "connected")
    return { type: "fail", code: 105, resolved: instance, step: { kind: "assignment_not_connected", instance, user } };
  return { type: "match", instance, step: { kind: "assignment_matched", instance, user } };
}

/** Rule 5: the channel's default — the one rule that skips, not fails, when it cannot send. */
export function evaluateDefault(channel: Channel, index: ChannelIndex, warnings: Warning[]): RuleResult {
  const instance = index.defaultInstance;
  if (instance === null) {
    warnings.push({
      code: "no_default",
      message: `No default ${CHANNEL_NAMES[channel]} instance is set: mark one so messages have a predictable fallback.`,
    });
    return { type: "skip", step: { kind: "default_absent", channel } };
  }
  if (instance.status !== "connected") {
    const passed = passedOver(instance);
    warnings.push(passed.warning);
    return passed.result;
  }
  return { type: "match", instance, step: { kind: "default_matched", instance } };
}

/**
 * A default that cannot send is passed over with the same result and warning on every message
 * until its name or status changes (in a channel with a disconnected default, every message that
 * reaches rule 5): kept per instance, read-only, with what they were built from.
 */
function passedOver(instance: EngineInstance): PassedOver {
  const name = who(instance);
  const status = statusWords(instance);
  const kept = PASSED_OVER.get(instance);
  if (kept !== undefined && kept.name === name && kept.status === status) return kept;
  const made: PassedOver = {
    name,
    status,
    result: constantSkip({ kind: "default_not_connected", instance }),
    warning: { code: "default_not_connected", message: `Default instance ${name} is ${status}: passed over for rotation.` },
  };
  PASSED_OVER.set(instance, made);
  return made;
}
type PassedOver = { name: string; status: string; result: RuleResult; warning: Warning };
const PASSED_OVER = new WeakMap<EngineInstance, PassedOver>();
