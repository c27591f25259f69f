// The engine's contract (SPEC §2), one row per case. `outcomes` spells the six trace entries:
// M matched · S skipped · F failed · N not reached.
import { describe, expect, it } from "vitest";
import { agency, ecommerce, makeInput, makeInstance, makeLocation, NOW } from "./fixtures";
import { selectInstance } from "./select";
import type { Decision, EngineContact, LocationSnapshot, RuleName, SelectInput } from "./types";
import { DAY_MS } from "./time";

interface Row {
  name: string;
  location: LocationSnapshot;
  input?: Partial<Omit<SelectInput, "contact" | "location">> & { contact?: Partial<EngineContact> };
  ok: boolean;
  rule: RuleName | null;
  /** The chosen instance (ok) or the one the failing rule resolved to (error), by id. */
  instance?: string | null;
  code?: number | string;
  body?: string;
  warnings?: string[];
  outcomes: string;
  detail?: RegExp; // about the deciding (or last) trace entry
}

const warmingNew = { firstConnectedAt: NOW - 2 * DAY_MS + 1000 }; // warming day 2: limit 40
const VIP = { tags: ["VIP", "wa: +1-555-BILLING"] };

const rows: Row[] = [
  // Rule 1 — manual override
  { name: "seeds: {{ WA#2 }} goes via #2, pattern stripped", location: ecommerce(), input: { body: "This message will go via 2nd instance {{ WA#2 }}" }, ok: true, rule: "manual_override", instance: "whatsapp-2", body: "This message will go via 2nd instance", outcomes: "MNNNNN", detail: /Pattern \{\{ WA#2 \}\} names instance #2 Support \+1 555 787 7678, which is connected/ },
  ...["{WA#2}", "{ wa#2 }", "{ WA#2 }", "{{wa#2}}"].map((p): Row => ({ name: `variant ${p}`, location: ecommerce(), input: { body: `Hi ${p}` }, ok: true, rule: "manual_override", instance: "whatsapp-2", body: "Hi", outcomes: "MNNNNN" })),
  { name: "seeds (agency): workflows use {{ WA#1 }} for client A", location: agency(), input: { body: "Client A promo {{ WA#1 }}", contact: { assignedUserId: "user-b1" } }, ok: true, rule: "manual_override", instance: "whatsapp-1", body: "Client A promo", outcomes: "MNNNNN" },
  { name: "override beats tags, assignment and default", location: ecommerce(), input: { body: "{WA#1} Invoice", contact: { ...VIP, assignedUserId: "user-orders" } }, ok: true, rule: "manual_override", instance: "whatsapp-1", body: "Invoice", outcomes: "MNNNNN" },
  { name: "101: no instance with that index", location: ecommerce(), input: { body: "Reminder {WA#9}" }, ok: false, rule: "manual_override", code: 101, instance: null, body: "Reminder", outcomes: "FNNNNN", detail: /instance #9, but no WhatsApp instance of this location has that index/ },
  { name: "101: index 0", location: ecommerce(), input: { body: "Hi {WA#0}" }, ok: false, rule: "manual_override", code: 101, outcomes: "FNNNNN" },
  { name: "101 never falls through to the connected default", location: ecommerce(), input: { body: "Hi {WA#4}", contact: VIP }, ok: false, rule: "manual_override", code: 101, outcomes: "FNNNNN" },
  { name: "102: overridden instance logged out", location: ecommerce({ 1: { status: "disconnected", statusReason: "logged_out" } }), input: { body: "Hi {{ WA#1 }}" }, ok: false, rule: "manual_override", code: 102, instance: "whatsapp-1", outcomes: "FNNNNN", detail: /#1 Orders \+1 555 673 3771, which is disconnected \(logged out\)/ },
  { name: "102: banned is disconnected with reason banned", location: ecommerce({ 3: { status: "disconnected", statusReason: "banned" } }), input: { body: "Hi {WA#3}" }, ok: false, rule: "manual_override", code: 102, instance: "whatsapp-3", outcomes: "FNNNNN", detail: /disconnected \(banned\)/ },
  { name: "102: waiting for a QR scan", location: ecommerce({ 3: { status: "qr_pending" } }), input: { body: "Hi {WA#3}" }, ok: false, rule: "manual_override", code: 102, outcomes: "FNNNNN", detail: /waiting for a QR scan/ },
  { name: "the same pattern twice is fine", location: ecommerce(), input: { body: "{WA#3} Hi {{ wa#3 }}" }, ok: true, rule: "manual_override", instance: "whatsapp-3", body: "Hi", outcomes: "MNNNNN" },
  { name: "two different overrides: ambiguous", location: ecommerce(), input: { body: "{WA#1} Hi {WA#2}" }, ok: false, rule: "manual_override", code: "ambiguous_override", instance: null, outcomes: "FNNNNN", detail: /\{WA#1\}, \{WA#2\}/ },
  { name: "from (instance id) is a manual override", location: ecommerce(), input: { from: { instanceId: "whatsapp-3" } }, ok: true, rule: "manual_override", instance: "whatsapp-3", outcomes: "MNNNNN", detail: /request's sender/ },
  { name: "from (number in any format) is a manual override", location: ecommerce(), input: { from: { phone: "+1 (555) 787-7678" } }, ok: true, rule: "manual_override", instance: "whatsapp-2", outcomes: "MNNNNN" },
  { name: "from as a vanity number", location: ecommerce(), input: { from: { phone: "+1-555-BILLING" } }, ok: true, rule: "manual_override", instance: "whatsapp-3", outcomes: "MNNNNN" },
  { name: "from agreeing with the pattern", location: ecommerce(), input: { body: "Hi {WA#3}", from: { instanceId: "whatsapp-3" } }, ok: true, rule: "manual_override", instance: "whatsapp-3", body: "Hi", outcomes: "MNNNNN" },
  { name: "from disagreeing with the pattern: ambiguous", location: ecommerce(), input: { body: "Hi {WA#3}", from: { instanceId: "whatsapp-2" } }, ok: false, rule: "manual_override", code: "ambiguous_override", outcomes: "FNNNNN" },
  { name: "101: from unknown number", location: ecommerce(), input: { from: { phone: "+15559998888" } }, ok: false, rule: "manual_override", code: 101, outcomes: "FNNNNN" },
  { name: "101: from an instance of another channel", location: agency(), input: { from: { instanceId: "imessage-1" } }, ok: false, rule: "manual_override", code: 101, outcomes: "FNNNNN" },
  { name: "102: from a disconnected instance", location: ecommerce({ 2: { status: "disconnected", statusReason: "transient" } }), input: { from: { phone: "+15557877678" } }, ok: false, rule: "manual_override", code: 102, instance: "whatsapp-2", outcomes: "FNNNNN", detail: /disconnected \(transient\)/ },
  { name: "from works on SMS, which has no pattern", location: makeLocation([makeInstance({ channel: "sms", index: 1 }), makeInstance({ channel: "sms", index: 2, isDefault: true })]), input: { channel: "sms", from: { instanceId: "sms-1" } }, ok: true, rule: "manual_override", instance: "sms-1", outcomes: "MNNNNN" },
  { name: "override to a warming instance over its limit: sent with a warning", location: ecommerce({ 3: { ...warmingNew, sendsToday: 40 } }), input: { body: "Hi {WA#3}" }, ok: true, rule: "manual_override", instance: "whatsapp-3", warnings: ["warming_limit_exceeded"], outcomes: "MNNNNN" },
  { name: "override to a low-health instance: sent with a warning", location: ecommerce({ 3: { healthScore: 10 } }), input: { body: "Hi {WA#3}" }, ok: true, rule: "manual_override", instance: "whatsapp-3", warnings: ["low_health"], outcomes: "MNNNNN" },

  // Rule 2 — temporary switch
  { name: "seeds: {TEMP-IM#3} sends this one message from #3", location: agency(), input: { channel: "imessage", body: "Quick update from our support line {TEMP-IM#3}" }, ok: true, rule: "temporary_switch", instance: "imessage-3", body: "Quick update from our support line", outcomes: "SMNNNN" },
  { name: "temporary switch beats a tag", location: agency(), input: { channel: "imessage", body: "{ temp-im#3 } Hi", contact: { tags: ["im: +15556000001"] } }, ok: true, rule: "temporary_switch", instance: "imessage-3", body: "Hi", outcomes: "SMNNNN" },
  { name: "101 from a temporary switch", location: agency(), input: { channel: "imessage", body: "Hi {TEMP-IM#2}" }, ok: false, rule: "temporary_switch", code: 101, outcomes: "SFNNNN" },
  { name: "102 from a temporary switch", location: makeLocation([makeInstance({ channel: "imessage", index: 1, isDefault: true }), makeInstance({ channel: "imessage", index: 3, status: "connecting" })]), input: { channel: "imessage", body: "Hi {TEMP-IM#3}" }, ok: false, rule: "temporary_switch", code: 102, instance: "imessage-3", outcomes: "SFNNNN", detail: /still connecting/ },
  { name: "override and switch: the override (rule 1) wins, the switch is reported", location: agency(), input: { channel: "imessage", body: "{IM#1} Hi {TEMP-IM#3}" }, ok: true, rule: "manual_override", instance: "imessage-1", body: "Hi", warnings: ["temp_switch_ignored"], outcomes: "MNNNNN" },
  { name: "override and switch naming the same instance: no warning", location: agency(), input: { channel: "imessage", body: "{IM#3} Hi {TEMP-IM#3}" }, ok: true, rule: "manual_override", instance: "imessage-3", body: "Hi", outcomes: "MNNNNN" },
  { name: "two different temporary switches: ambiguous", location: agency(), input: { channel: "imessage", body: "{TEMP-IM#1} Hi {TEMP-IM#3}" }, ok: false, rule: "temporary_switch", code: "ambiguous_override", outcomes: "SFNNNN" },
  { name: "{TEMP-IM#3} on WhatsApp: left in place, warned, no effect", location: agency(), input: { body: "Hi {TEMP-IM#3}" }, ok: true, rule: "default_instance", instance: "whatsapp-3", body: "Hi {TEMP-IM#3}", warnings: ["foreign_pattern"], outcomes: "SSSSMN" },
  { name: "{IM#1} on WhatsApp: left in place with a warning", location: ecommerce(), input: { body: "Hi {IM#1}" }, ok: true, rule: "default_instance", instance: "whatsapp-2", body: "Hi {IM#1}", warnings: ["foreign_pattern"], outcomes: "SSSSMN" },
  { name: "the same foreign pattern twice: one warning", location: ecommerce(), input: { body: "{IM#1} Hi {IM#1} {TEMP-IM#2}" }, ok: true, rule: "default_instance", instance: "whatsapp-2", body: "{IM#1} Hi {IM#1} {TEMP-IM#2}", warnings: ["foreign_pattern", "foreign_pattern"], outcomes: "SSSSMN" },
  { name: "{WA#1} on SMS: no override on SMS", location: makeLocation([makeInstance({ channel: "sms", index: 1, isDefault: true }), makeInstance({ channel: "sms", index: 2 })]), input: { channel: "sms", body: "Code {WA#2}" }, ok: true, rule: "default_instance", instance: "sms-1", body: "Code {WA#2}", warnings: ["foreign_pattern"], outcomes: "SSSSMN", },

  // Rule 3 — contact tags
  { name: "seeds: VIP tagged wa: +1-555-BILLING goes via Billing", location: ecommerce(), input: { contact: VIP }, ok: true, rule: "contact_tag", instance: "whatsapp-3", outcomes: "SSMNNN", detail: /Tag "wa: \+1-555-BILLING" matches instance #3 Billing \+1 555 245 5464/ },
  { name: "seeds: wa: +15551234567", location: makeLocation([makeInstance({ index: 1, phone: "+15551234567" }), makeInstance({ index: 2, isDefault: true })]), input: { contact: { tags: ["wa: +15551234567"] } }, ok: true, rule: "contact_tag", instance: "whatsapp-1", outcomes: "SSMNNN" },
  { name: "national tag number read with the location's country", location: makeLocation([makeInstance({ index: 1, phone: "+15551234567" })]), input: { contact: { tags: ["wa:555-123-4567"] } }, ok: true, rule: "contact_tag", instance: "whatsapp-1", outcomes: "SSMNNN" },
  { name: "tags in order: the first whose instance is connected", location: ecommerce({ 3: { status: "disconnected", statusReason: "logged_out" } }), input: { contact: { tags: ["wa: +1-555-BILLING", "wa: +15559990000", "wa: +1 555 673 3771"] } }, ok: true, rule: "contact_tag", instance: "whatsapp-1", outcomes: "SSMNNN", detail: /Passed over "wa: \+1-555-BILLING": #3 Billing .* is disconnected \(logged out\); "wa: \+15559990000": no instance has \+1 555 999 0000/ },
  { name: "tag beats assignment", location: ecommerce(), input: { contact: { ...VIP, assignedUserId: "user-orders" } }, ok: true, rule: "contact_tag", instance: "whatsapp-3", outcomes: "SSMNNN" },
  { name: "103: tagged number has no instance", location: ecommerce(), input: { contact: { tags: ["wa: +1 555 999 0000"], assignedUserId: "user-orders" } }, ok: false, rule: "contact_tag", code: 103, instance: null, outcomes: "SSFNNN", detail: /No WhatsApp instance has the tagged number \+1 555 999 0000/ },
  { name: "104: tagged instance not connected (never falls to the default)", location: ecommerce({ 3: { status: "disconnected", statusReason: "banned" } }), input: { contact: VIP }, ok: false, rule: "contact_tag", code: 104, instance: "whatsapp-3", outcomes: "SSFNNN" },
  { name: "104: unknown and disconnected tags", location: ecommerce({ 3: { status: "qr_pending" } }), input: { contact: { tags: ["wa: +15559990000", "wa: +1-555-BILLING"] } }, ok: false, rule: "contact_tag", code: 104, instance: "whatsapp-3", outcomes: "SSFNNN" },
  { name: "invalid tag: ignored with a warning", location: ecommerce(), input: { contact: { tags: ["wa: call me"] } }, ok: true, rule: "default_instance", instance: "whatsapp-2", warnings: ["invalid_tag"], outcomes: "SSSSMN", detail: /Default instance #2 Support/ },
  { name: "invalid tag beside a valid one", location: ecommerce(), input: { contact: { tags: ["wa: 12", "wa: +1-555-BILLING"] } }, ok: true, rule: "contact_tag", instance: "whatsapp-3", warnings: ["invalid_tag"], outcomes: "SSMNNN" },
  { name: "another channel's tag is ignored", location: agency(), input: { contact: { tags: ["im: +15556000003", "sms: +15557000001"] } }, ok: true, rule: "default_instance", instance: "whatsapp-3", outcomes: "SSSSMN" },
  { name: "im: tag on iMessage", location: agency(), input: { channel: "imessage", contact: { tags: ["wa: +15555000001", "im: +1 555 600 0003"] } }, ok: true, rule: "contact_tag", instance: "imessage-3", outcomes: "SSMNNN" },
  { name: "tag to a warming instance over its limit: sent with a warning", location: ecommerce({ 3: { ...warmingNew, sendsToday: 99 } }), input: { contact: VIP }, ok: true, rule: "contact_tag", instance: "whatsapp-3", warnings: ["warming_limit_exceeded"], outcomes: "SSMNNN" },

  // Rule 4 — user assignment
  { name: "seeds: contact of the order user goes via Orders", location: ecommerce(), input: { contact: { assignedUserId: "user-orders" } }, ok: true, rule: "user_assignment", instance: "whatsapp-1", outcomes: "SSSMNN", detail: /assigned to user user-orders, whose instance #1 Orders/ },
  { name: "seeds (agency): client B team member goes via #2", location: agency(), input: { contact: { assignedUserId: "user-b2", assignedUserName: "Bea" } }, ok: true, rule: "user_assignment", instance: "whatsapp-2", outcomes: "SSSMNN", detail: /assigned to Bea/ },
  { name: "105: assigned user's instance disconnected", location: agency({ 2: { status: "disconnected", statusReason: "logged_out" } }), input: { contact: { assignedUserId: "user-b1" } }, ok: false, rule: "user_assignment", code: 105, instance: "whatsapp-2", outcomes: "SSSFNN" },
  { name: "assigned user without an instance on the channel: skipped", location: agency(), input: { channel: "imessage", contact: { assignedUserId: "user-b1" } }, ok: true, rule: "default_instance", instance: "imessage-1", outcomes: "SSSSMN", detail: /Default instance #1 Agency iMessage/ },
  { name: "assigned to a low-health instance: sent with a warning", location: agency({ 2: { healthScore: 5 } }), input: { contact: { assignedUserId: "user-b1" } }, ok: true, rule: "user_assignment", instance: "whatsapp-2", warnings: ["low_health"], outcomes: "SSSMNN" },

  // Rule 5 — default
  { name: "seeds: everything else goes via the default", location: ecommerce(), ok: true, rule: "default_instance", instance: "whatsapp-2", outcomes: "SSSSMN" },
  { name: "seeds (agency): main line is the default", location: agency(), ok: true, rule: "default_instance", instance: "whatsapp-3", outcomes: "SSSSMN" },
  { name: "disconnected default is skipped, trace says why", location: ecommerce({ 2: { status: "disconnected", statusReason: "logged_out" } }), ok: true, rule: "any_available", instance: "whatsapp-1", warnings: ["default_not_connected"], outcomes: "SSSSSM" },
  { name: "no default: warning, rotation", location: ecommerce({ 2: { isDefault: false } }), ok: true, rule: "any_available", instance: "whatsapp-1", warnings: ["no_default"], outcomes: "SSSSSM" },

  // Rule 6 — any available
  { name: "rotation leaves out no-number, low-health and over-limit instances", location: makeLocation([makeInstance({ index: 1, phone: null }), makeInstance({ index: 2, healthScore: 39 }), makeInstance({ index: 3, ...warmingNew, sendsToday: 40 }), makeInstance({ index: 4, status: "disconnected", statusReason: "transient" }), makeInstance({ index: 5, healthScore: 40 })]), ok: true, rule: "any_available", instance: "whatsapp-5", warnings: ["no_default"], outcomes: "SSSSSM" },
  { name: "warmed instances preferred over warming ones", location: makeLocation([makeInstance({ index: 1, ...warmingNew }), makeInstance({ index: 2 })]), ok: true, rule: "any_available", instance: "whatsapp-2", warnings: ["no_default"], outcomes: "SSSSSM" },
  { name: "a warming instance under its limit is used when no warmed one is", location: makeLocation([makeInstance({ index: 1, ...warmingNew, sendsToday: 39 }), makeInstance({ index: 2, status: "qr_pending" })]), ok: true, rule: "any_available", instance: "whatsapp-1", warnings: ["no_default"], outcomes: "SSSSSM", detail: /no warmed instance was eligible/ },
  { name: "106: nothing connected", location: ecommerce({ 1: { status: "disconnected", statusReason: "transient" }, 2: { status: "disconnected", statusReason: "logged_out" }, 3: { status: "disconnected", statusReason: "banned" } }), ok: false, rule: "any_available", code: 106, instance: null, warnings: ["default_not_connected"], outcomes: "SSSSSF", detail: /None of the 3 WhatsApp instances can rotate: 3 not connected/ },
  { name: "106: only low-health or over-limit instances", location: makeLocation([makeInstance({ index: 1, healthScore: 0 }), makeInstance({ index: 2, ...warmingNew, sendsToday: 400 })]), ok: false, rule: "any_available", code: 106, warnings: ["no_default"], outcomes: "SSSSSF", detail: /1 under the minimum health, 1 at the warming daily limit/ },
  { name: "106: a channel with no instance", location: ecommerce(), input: { channel: "sms" }, ok: false, rule: "any_available", code: 106, warnings: ["no_default"], outcomes: "SSSSSF" },

  // The message itself
  { name: "empty_body: only a pattern", location: ecommerce(), input: { body: "{{ WA#2 }}" }, ok: false, rule: null, code: "empty_body", body: "", outcomes: "NNNNNN" },
  { name: "empty_body: patterns and spaces", location: ecommerce(), input: { body: "  {WA#2}\n {WA#2} " }, ok: false, rule: null, code: "empty_body", body: "", outcomes: "NNNNNN" },
  { name: "empty_body: blank message", location: ecommerce(), input: { body: "   " }, ok: false, rule: null, code: "empty_body", outcomes: "NNNNNN" },
];

const LETTER = { matched: "M", skipped: "S", failed: "F", not_reached: "N" } as const;

describe("selectInstance — SPEC §2 table", () => {
  it.each(rows.map((r) => [r.name, r] as const))("%s", (_, row) => {
    const decision = selectInstance(makeInput(row.location, row.input));
    expect(decision.trace.map((t) => t.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(decision.trace.map((t) => LETTER[t.outcome]).join("")).toBe(row.outcomes);
    expect(decision.ok).toBe(row.ok);
    expect(decision.rule).toBe(row.rule);
    expect(decision.warnings.map((w) => w.code)).toEqual(row.warnings ?? []);
    if (row.body !== undefined) expect(decision.body).toBe(row.body);
    if (decision.ok) {
      if (row.instance !== undefined) expect(decision.instance.id).toBe(row.instance);
    } else {
      expect(decision.error.code).toBe(row.code);
      if (row.instance !== undefined) expect(decision.resolvedInstance?.id ?? null).toBe(row.instance);
    }
    if (row.detail) expect(decidingEntry(decision).detail).toMatch(row.detail);
  });
});

function decidingEntry(decision: Decision) {
  return decision.trace.find((t) => t.outcome === "matched" || t.outcome === "failed") ?? decision.trace[5];
}
