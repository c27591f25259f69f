// The engine's error table (SPEC §2): fixed codes and names, the HTTP status the send API answers
// with, and words for people — what happened and how to fix it — shown by the UI and the docs.
import type { EngineErrorCode, RuleName } from "./types";

export interface ErrorInfo {
  code: EngineErrorCode;
  name: string;
  httpStatus: 409 | 422;
  /** The rule that raises it (null: the message itself is refused before any rule). */
  rule: RuleName | null;
  title: string;
  explanation: string;
  fix: string;
}

export const ERROR_CODES: readonly ErrorInfo[] = [
  {
    code: 101,
    name: "override_instance_not_found",
    httpStatus: 422,
    rule: "manual_override",
    title: "Override points at a missing instance",
    explanation:
      "The message names a sender — an override pattern such as {{ WA#4 }}, a temporary switch such as {TEMP-IM#3}, or the API's `from` — but this location has no instance with that index or number on the message's channel. Nothing was sent: an explicit choice never falls back to another number.",
    fix: "Correct the index in the pattern (see the Instances page for each number's #), or the `from` number, or add the missing instance.",
  },
  {
    code: 102,
    name: "override_instance_not_connected",
    httpStatus: 422,
    rule: "manual_override",
    title: "Overridden instance is not connected",
    explanation:
      "The message names a sender (override pattern, temporary switch or `from`) and that instance exists, but it is not connected (waiting for a QR scan, connecting, or disconnected — logged out, banned or a transient drop), so it cannot send.",
    fix: "Reconnect the instance (rescan its QR code if it was logged out), or change the pattern to a connected instance, then send again.",
  },
  {
    code: 103,
    name: "tagged_number_not_found",
    httpStatus: 422,
    rule: "contact_tag",
    title: "Tagged number has no instance",
    explanation:
      "The contact carries number tags for this channel (for example `wa: +1 555 245 5464`), but none of the tagged numbers belongs to an instance of this channel in this location. Tags take priority over assignments and the default, so the message was not sent from another number.",
    fix: "Fix the contact's tag to a number the location owns (the tag editor suggests them), remove the tag, or add an instance with that number.",
  },
  {
    code: 104,
    name: "tagged_instance_not_connected",
    httpStatus: 422,
    rule: "contact_tag",
    title: "Tagged instance is not connected",
    explanation:
      "The contact's number tags point at instances of this channel, but none of them is connected, so none can send. The engine does not fall back to an untagged number.",
    fix: "Reconnect the tagged instance, or tag the contact with a connected number.",
  },
  {
    code: 105,
    name: "assigned_instance_not_connected",
    httpStatus: 422,
    rule: "user_assignment",
    title: "Assigned user's instance is not connected",
    explanation:
      "The contact is assigned to a user whose instance on this channel is not connected, so the message, which must come from that user's number, could not be sent.",
    fix: "Reconnect the user's instance, assign the user another instance, or reassign the contact.",
  },
  {
    code: 106,
    name: "no_number_available",
    httpStatus: 409,
    rule: "any_available",
    title: "No number available",
    explanation:
      "No rule chose a number, and rotation found no eligible instance on this channel: each one is disconnected, has no phone number, is under the location's minimum health, or has reached its warming daily limit.",
    fix: "Connect an instance (or wait for a disconnected one to reconnect), mark a connected default, or lower the minimum health / raise the warming limits in Settings.",
  },
  {
    code: "ambiguous_override",
    name: "ambiguous_override",
    httpStatus: 422,
    rule: "manual_override",
    title: "Conflicting overrides",
    explanation:
      "The message names more than one sender: two override patterns (or two temporary switches) with different indexes, or an API `from` that is not the instance the pattern names. Nothing was sent rather than guess. The same pattern repeated is fine.",
    fix: "Keep one override in the message, or make `from` and the pattern agree.",
  },
  {
    code: "empty_body",
    name: "empty_body",
    httpStatus: 422,
    rule: null,
    title: "Empty message",
    explanation: "Once the routing patterns are removed, nothing is left to send.",
    fix: "Add the text of the message next to the pattern.",
  },
];

const BY_CODE = new Map<EngineErrorCode, ErrorInfo>(ERROR_CODES.map((e) => [e.code, e]));

export function errorInfo(code: EngineErrorCode): ErrorInfo {
  const info = BY_CODE.get(code);
  if (info === undefined) throw new Error(`Unknown engine error code ${String(code)}`);
  return info;
}
