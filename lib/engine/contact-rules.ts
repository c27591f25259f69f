// Rules 3–5: what the contact and the location say — the contact's number tags, the user the
// contact is assigned to, the channel's default instance.
import type { ChannelIndex } from "./snapshot-index";
import { parseTags } from "./syntax";
import { CHANNEL_NAMES, statusWords, who, type RuleResult, type TagMiss } from "./trace";
import type { Channel, SelectInput, Warning } from "./types";

/** Rule 3: the first tagged number (tag order) whose instance is connected. */
export function evaluateTags(input: SelectInput, index: ChannelIndex, warnings: Warning[]): RuleResult {
  const { channel, contact, location } = input;
  const tags = parseTags(contact.tags, channel, location.defaultCountry);
  for (const bad of tags.invalid) {
    warnings.push({ code: "invalid_tag", message: `Tag "${bad.tag}" is not a usable phone number: ignored for routing.` });
  }
  if (tags.valid.length === 0) return { type: "skip", step: { kind: "tag_absent", channel, invalid: tags.invalid.length } };
  const misses: TagMiss[] = [];
  for (const tagged of tags.valid) {
    const instance = index.byPhone.get(tagged.phone!) ?? null;
    if (instance !== null && instance.status === "connected") {
      return { type: "match", instance, step: { kind: "tag_matched", instance, tag: tagged.tag, misses } };
    }
    misses.push({ tag: tagged.tag, phone: tagged.phone!, instance });
  }
  const firstKnown = misses.find((m) => m.instance !== null);
  if (firstKnown === undefined) return { type: "fail", code: 103, resolved: null, step: { kind: "tag_not_found", channel, misses } };
  // 104 names the first tagged instance (tag order) as the one the rule resolved to.
  const instance = firstKnown.instance!;
  return { type: "fail", code: 104, resolved: instance, step: { kind: "tag_not_connected", instance, misses } };
}

/** Rule 4: the instance of the user the contact is assigned to, on this channel. */
export function evaluateAssignment(input: SelectInput, index: ChannelIndex): RuleResult {
  const { contact, channel } = input;
  if (contact.assignedUserId === null || contact.assignedUserId === undefined) return { type: "skip", step: { kind: "assignment_absent" } };
  const user = contact.assignedUserName ? `${contact.assignedUserName}` : `user ${contact.assignedUserId}`;
  const instance = index.byUser.get(contact.assignedUserId);
  if (instance === undefined) return { type: "skip", step: { kind: "assignment_no_instance", channel, user } };
  if (instance.status !== "connected") return { type: "fail", code: 105, resolved: instance, step: { kind: "assignment_not_connected", instance, user } };
  return { type: "match", instance, step: { kind: "assignment_matched", instance, user } };
}

/** Rule 5: the channel's default — the one rule that skips, not fails, when it cannot send. */
export function evaluateDefault(channel: Channel, index: ChannelIndex, warnings: Warning[]): RuleResult {
  const instance = index.defaultInstance;
  if (instance === null) {
    warnings.push({ code: "no_default", message: `No default ${CHANNEL_NAMES[channel]} instance is set: mark one so messages have a predictable fallback.` });
    return { type: "skip", step: { kind: "default_absent", channel } };
  }
  if (instance.status !== "connected") {
    warnings.push({ code: "default_not_connected", message: `Default instance ${who(instance)} is ${statusWords(instance)}: passed over for rotation.` });
    return { type: "skip", step: { kind: "default_not_connected", instance } };
  }
  return { type: "match", instance, step: { kind: "default_matched", instance } };
}
