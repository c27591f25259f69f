// The engine's contract (SPEC §2), one row per case. `outcomes` spells the six trace entries:
// M matched · S skipped · F failed · N not reached.
import { describe, expect, it } from "vitest";
import { agency, ecommerce, makeInput, makeInstance, makeLocation, NOW } from "./fixtures";
import { selectInstance } from "./select";
import { DAY_MS } from "./time";
import type {
  BindingAction,
  Decision,
  EngineContact,
  EngineInstance,
  FailoverPolicy,
  LocationSnapshot,
  RuleName,
  SelectInput,
} from "./types";

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
const hourly = { cap: "hourly_limit", limit: 200, until: NOW + 3_600_000 } as const;
const newContacts = { cap: "new_contacts_limit", limit: 50, until: NOW + DAY_MS } as const;

/** A manual override failing with `code`: rule 1 fails and nothing after it is reached. */
const overrideFails = (code: number | string) => ({ ok: false, rule: "manual_override", code, outcomes: "FNNNNN" }) as const;

const rows: Row[] = [
  // Rule 1 — manual override
  {
    name: "seeds: {{ WA#2 }} goes via #2, pattern stripped",
    location: ecommerce(),
    input: { body: "This message will go via 2nd instance {{ WA#2 }}" },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-2",
    body: "This message will go via 2nd instance",
    outcomes: "MNNNNN",
    detail: /Pattern \{\{ WA#2 \}\} names instance #2 Support \+1 555 787 7678, which is connected/,
  },
  ...["{WA#2}", "{ wa#2 }", "{ WA#2 }", "{{wa#2}}"].map(
    (p): Row => ({
      name: `variant ${p}`,
      location: ecommerce(),
      input: { body: `Hi ${p}` },
      ok: true,
      rule: "manual_override",
      instance: "whatsapp-2",
      body: "Hi",
      outcomes: "MNNNNN",
    }),
  ),
  {
    name: "seeds (agency): workflows use {{ WA#1 }} for client A",
    location: agency(),
    input: { body: "Client A promo {{ WA#1 }}", contact: { assignedUserId: "user-b1" } },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-1",
    body: "Client A promo",
    outcomes: "MNNNNN",
  },
  {
    name: "override beats tags, assignment and default",
    location: ecommerce(),
    input: { body: "{WA#1} Invoice", contact: { ...VIP, assignedUserId: "user-orders" } },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-1",
    body: "Invoice",
    outcomes: "MNNNNN",
  },
  {
    name: "101: no instance with that index",
    location: ecommerce(),
    input: { body: "Reminder {WA#9}" },
    ...overrideFails(101),
    instance: null,
    body: "Reminder",
    detail: /instance #9, but no WhatsApp instance of this location has that index/,
  },
  {
    name: "101: index 0",
    location: ecommerce(),
    input: { body: "Hi {WA#0}" },
    ...overrideFails(101),
  },
  {
    name: "101 never falls through to the connected default",
    location: ecommerce(),
    input: { body: "Hi {WA#4}", contact: VIP },
    ...overrideFails(101),
  },
  {
    name: "102: overridden instance logged out",
    location: ecommerce({ 1: { status: "disconnected", statusReason: "logged_out" } }),
    input: { body: "Hi {{ WA#1 }}" },
    ...overrideFails(102),
    instance: "whatsapp-1",
    detail: /#1 Orders \+1 555 673 3771, which is disconnected \(logged out\)/,
  },
  {
    name: "102: banned is disconnected with reason banned",
    location: ecommerce({ 3: { status: "disconnected", statusReason: "banned" } }),
    input: { body: "Hi {WA#3}" },
    ...overrideFails(102),
    instance: "whatsapp-3",
    detail: /disconnected \(banned\)/,
  },
  {
    name: "102: waiting for a QR scan",
    location: ecommerce({ 3: { status: "qr_pending" } }),
    input: { body: "Hi {WA#3}" },
    ...overrideFails(102),
    detail: /waiting for a QR scan/,
  },
  {
    name: "the same pattern twice is fine",
    location: ecommerce(),
    input: { body: "{WA#3} Hi {{ wa#3 }}" },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-3",
    body: "Hi",
    outcomes: "MNNNNN",
  },
  {
    name: "two different overrides: ambiguous",
    location: ecommerce(),
    input: { body: "{WA#1} Hi {WA#2}" },
    ...overrideFails("ambiguous_override"),
    instance: null,
    detail: /\{WA#1\}, \{WA#2\}/,
  },
  {
    name: "from (instance id) is a manual override",
    location: ecommerce(),
    input: { from: { instanceId: "whatsapp-3" } },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-3",
    outcomes: "MNNNNN",
    detail: /request's sender/,
  },
  {
    name: "from (number in any format) is a manual override",
    location: ecommerce(),
    input: { from: { phone: "+1 (555) 787-7678" } },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-2",
    outcomes: "MNNNNN",
  },
  {
    name: "from as a vanity number",
    location: ecommerce(),
    input: { from: { phone: "+1-555-BILLING" } },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-3",
    outcomes: "MNNNNN",
  },
  {
    name: "from agreeing with the pattern",
    location: ecommerce(),
    input: { body: "Hi {WA#3}", from: { instanceId: "whatsapp-3" } },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-3",
    body: "Hi",
    outcomes: "MNNNNN",
  },
  {
    name: "from disagreeing with the pattern: ambiguous",
    location: ecommerce(),
    input: { body: "Hi {WA#3}", from: { instanceId: "whatsapp-2" } },
    ...overrideFails("ambiguous_override"),
  },
  {
    name: "101: from unknown number",
    location: ecommerce(),
    input: { from: { phone: "+15559998888" } },
    ...overrideFails(101),
  },
  {
    name: "101: from an instance of another channel",
    location: agency(),
    input: { from: { instanceId: "imessage-1" } },
    ...overrideFails(101),
  },
  {
    name: "102: from a disconnected instance",
    location: ecommerce({ 2: { status: "disconnected", statusReason: "transient" } }),
    input: { from: { phone: "+15557877678" } },
    ...overrideFails(102),
    instance: "whatsapp-2",
    detail: /disconnected \(transient\)/,
  },
  {
    name: "from works on SMS, which has no pattern",
    location: makeLocation([makeInstance({ channel: "sms", index: 1 }), makeInstance({ channel: "sms", index: 2, isDefault: true })]),
    input: { channel: "sms", from: { instanceId: "sms-1" } },
    ok: true,
    rule: "manual_override",
    instance: "sms-1",
    outcomes: "MNNNNN",
  },
  {
    name: "override to a warming instance over its limit: sent with a warning",
    location: ecommerce({ 3: { ...warmingNew, sendsToday: 40 } }),
    input: { body: "Hi {WA#3}" },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-3",
    warnings: ["warming_limit_exceeded"],
    outcomes: "MNNNNN",
  },
  {
    name: "override to a low-health instance: sent with a warning",
    location: ecommerce({ 3: { healthScore: 10 } }),
    input: { body: "Hi {WA#3}" },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-3",
    warnings: ["low_health"],
    outcomes: "MNNNNN",
  },

  // Rule 2 — temporary switch
  {
    name: "seeds: {TEMP-IM#3} sends this one message from #3",
    location: agency(),
    input: { channel: "imessage", body: "Quick update from our support line {TEMP-IM#3}" },
    ok: true,
    rule: "temporary_switch",
    instance: "imessage-3",
    body: "Quick update from our support line",
    outcomes: "SMNNNN",
  },
  {
    name: "temporary switch beats a tag",
    location: agency(),
    input: { channel: "imessage", body: "{ temp-im#3 } Hi", contact: { tags: ["im: +15556000001"] } },
    ok: true,
    rule: "temporary_switch",
    instance: "imessage-3",
    body: "Hi",
    outcomes: "SMNNNN",
  },
  {
    name: "101 from a temporary switch",
    location: agency(),
    input: { channel: "imessage", body: "Hi {TEMP-IM#2}" },
    ok: false,
    rule: "temporary_switch",
    code: 101,
    outcomes: "SFNNNN",
  },
  {
    name: "102 from a temporary switch",
    location: makeLocation([
      makeInstance({ channel: "imessage", index: 1, isDefault: true }),
      makeInstance({ channel: "imessage", index: 3, status: "connecting" }),
    ]),
    input: { channel: "imessage", body: "Hi {TEMP-IM#3}" },
    ok: false,
    rule: "temporary_switch",
    code: 102,
    instance: "imessage-3",
    outcomes: "SFNNNN",
    detail: /still connecting/,
  },
  {
    name: "override and switch: the override (rule 1) wins, the switch is reported",
    location: agency(),
    input: { channel: "imessage", body: "{IM#1} Hi {TEMP-IM#3}" },
    ok: true,
    rule: "manual_override",
    instance: "imessage-1",
    body: "Hi",
    warnings: ["temp_switch_ignored"],
    outcomes: "MNNNNN",
  },
  {
    name: "override and switch naming the same instance: no warning",
    location: agency(),
    input: { channel: "imessage", body: "{IM#3} Hi {TEMP-IM#3}" },
    ok: true,
    rule: "manual_override",
    instance: "imessage-3",
    body: "Hi",
    outcomes: "MNNNNN",
  },
  {
    name: "two different temporary switches: ambiguous",
    location: agency(),
    input: { channel: "imessage", body: "{TEMP-IM#1} Hi {TEMP-IM#3}" },
    ok: false,
    rule: "temporary_switch",
    code: "ambiguous_override",
    outcomes: "SFNNNN",
  },
  {
    name: "{TEMP-IM#3} on WhatsApp: left in place, warned, no effect",
    location: agency(),
    input: { body: "Hi {TEMP-IM#3}" },
    ok: true,
    rule: "default_instance",
    instance: "whatsapp-3",
    body: "Hi {TEMP-IM#3}",
    warnings: ["foreign_pattern"],
    outcomes: "SSSSMN",
  },
  {
    name: "{IM#1} on WhatsApp: left in place with a warning",
    location: ecommerce(),
    input: { body: "Hi {IM#1}" },
    ok: true,
    rule: "default_instance",
    instance: "whatsapp-2",
    body: "Hi {IM#1}",
    warnings: ["foreign_pattern"],
    outcomes: "SSSSMN",
  },
  {
    name: "the same foreign pattern twice: one warning",
    location: ecommerce(),
    input: { body: "{IM#1} Hi {IM#1} {TEMP-IM#2}" },
    ok: true,
    rule: "default_instance",
    instance: "whatsapp-2",
    body: "{IM#1} Hi {IM#1} {TEMP-IM#2}",
    warnings: ["foreign_pattern", "foreign_pattern"],
    outcomes: "SSSSMN",
  },
  {
    name: "{WA#1} on SMS: no override on SMS",
    location: makeLocation([makeInstance({ channel: "sms", index: 1, isDefault: true }), makeInstance({ channel: "sms", index: 2 })]),
    input: { channel: "sms", body: "Code {WA#2}" },
    ok: true,
    rule: "default_instance",
    instance: "sms-1",
    body: "Code {WA#2}",
    warnings: ["foreign_pattern"],
    outcomes: "SSSSMN",
  },

  // Rule 3 — contact tags
  {
    name: "seeds: VIP tagged wa: +1-555-BILLING goes via Billing",
    location: ecommerce(),
    input: { contact: VIP },
    ok: true,
    rule: "contact_tag",
    instance: "whatsapp-3",
    outcomes: "SSMNNN",
    detail: /Tag "wa: \+1-555-BILLING" matches instance #3 Billing \+1 555 245 5464/,
  },
  {
    name: "seeds: wa: +15551234567",
    location: makeLocation([makeInstance({ index: 1, phone: "+15551234567" }), makeInstance({ index: 2, isDefault: true })]),
    input: { contact: { tags: ["wa: +15551234567"] } },
    ok: true,
    rule: "contact_tag",
    instance: "whatsapp-1",
    outcomes: "SSMNNN",
  },
  {
    name: "national tag number read with the location's country",
    location: makeLocation([makeInstance({ index: 1, phone: "+15551234567" })]),
    input: { contact: { tags: ["wa:555-123-4567"] } },
    ok: true,
    rule: "contact_tag",
    instance: "whatsapp-1",
    outcomes: "SSMNNN",
  },
  {
    name: "tags in order: the first whose instance is connected",
    location: ecommerce({ 3: { status: "disconnected", statusReason: "logged_out" } }),
    input: { contact: { tags: ["wa: +1-555-BILLING", "wa: +15559990000", "wa: +1 555 673 3771"] } },
    ok: true,
    rule: "contact_tag",
    instance: "whatsapp-1",
    outcomes: "SSMNNN",
    detail:
      /Passed over "wa: \+1-555-BILLING": #3 Billing .* is disconnected \(logged out\); "wa: \+15559990000": no instance has \+1 555 999 0000/,
  },
  {
    name: "tag beats assignment",
    location: ecommerce(),
    input: { contact: { ...VIP, assignedUserId: "user-orders" } },
    ok: true,
    rule: "contact_tag",
    instance: "whatsapp-3",
    outcomes: "SSMNNN",
  },
  {
    name: "103: tagged number has no instance",
    location: ecommerce(),
    input: { contact: { tags: ["wa: +1 555 999 0000"], assignedUserId: "user-orders" } },
    ok: false,
    rule: "contact_tag",
    code: 103,
    instance: null,
    outcomes: "SSFNNN",
    detail: /No WhatsApp instance has the tagged number \+1 555 999 0000/,
  },
  {
    name: "104: tagged instance not connected (never falls to the default)",
    location: ecommerce({ 3: { status: "disconnected", statusReason: "banned" } }),
    input: { contact: VIP },
    ok: false,
    rule: "contact_tag",
    code: 104,
    instance: "whatsapp-3",
    outcomes: "SSFNNN",
  },
  {
    name: "104: unknown and disconnected tags",
    location: ecommerce({ 3: { status: "qr_pending" } }),
    input: { contact: { tags: ["wa: +15559990000", "wa: +1-555-BILLING"] } },
    ok: false,
    rule: "contact_tag",
    code: 104,
    instance: "whatsapp-3",
    outcomes: "SSFNNN",
  },
  {
    name: "invalid tag: ignored with a warning",
    location: ecommerce(),
    input: { contact: { tags: ["wa: call me"] } },
    ok: true,
    rule: "default_instance",
    instance: "whatsapp-2",
    warnings: ["invalid_tag"],
    outcomes: "SSSSMN",
    detail: /Default instance #2 Support/,
  },
  {
    name: "invalid tag beside a valid one",
    location: ecommerce(),
    input: { contact: { tags: ["wa: 12", "wa: +1-555-BILLING"] } },
    ok: true,
    rule: "contact_tag",
    instance: "whatsapp-3",
    warnings: ["invalid_tag"],
    outcomes: "SSMNNN",
  },
  {
    name: "another channel's tag is ignored",
    location: agency(),
    input: { contact: { tags: ["im: +15556000003", "sms: +15557000001"] } },
    ok: true,
    rule: "default_instance",
    instance: "whatsapp-3",
    outcomes: "SSSSMN",
  },
  {
    name: "im: tag on iMessage",
    location: agency(),
    input: { channel: "imessage", contact: { tags: ["wa: +15555000001", "im: +1 555 600 0003"] } },
    ok: true,
    rule: "contact_tag",
    instance: "imessage-3",
    outcomes: "SSMNNN",
  },
  {
    name: "tag to a warming instance over its limit: sent with a warning",
    location: ecommerce({ 3: { ...warmingNew, sendsToday: 99 } }),
    input: { contact: VIP },
    ok: true,
    rule: "contact_tag",
    instance: "whatsapp-3",
    warnings: ["warming_limit_exceeded"],
    outcomes: "SSMNNN",
  },

  // Rule 4 — user assignment
  {
    name: "seeds: contact of the order user goes via Orders",
    location: ecommerce(),
    input: { contact: { assignedUserId: "user-orders" } },
    ok: true,
    rule: "user_assignment",
    instance: "whatsapp-1",
    outcomes: "SSSMNN",
    detail: /assigned to user user-orders, whose instance #1 Orders/,
  },
  {
    name: "seeds (agency): client B team member goes via #2",
    location: agency(),
    input: { contact: { assignedUserId: "user-b2", assignedUserName: "Bea" } },
    ok: true,
    rule: "user_assignment",
    instance: "whatsapp-2",
    outcomes: "SSSMNN",
    detail: /assigned to Bea/,
  },
  {
    name: "105: assigned user's instance disconnected",
    location: agency({ 2: { status: "disconnected", statusReason: "logged_out" } }),
    input: { contact: { assignedUserId: "user-b1" } },
    ok: false,
    rule: "user_assignment",
    code: 105,
    instance: "whatsapp-2",
    outcomes: "SSSFNN",
  },
  {
    name: "assigned user without an instance on the channel: skipped",
    location: agency(),
    input: { channel: "imessage", contact: { assignedUserId: "user-b1" } },
    ok: true,
    rule: "default_instance",
    instance: "imessage-1",
    outcomes: "SSSSMN",
    detail: /Default instance #1 Agency iMessage/,
  },
  {
    name: "assigned to a low-health instance: sent with a warning",
    location: agency({ 2: { healthScore: 5 } }),
    input: { contact: { assignedUserId: "user-b1" } },
    ok: true,
    rule: "user_assignment",
    instance: "whatsapp-2",
    warnings: ["low_health"],
    outcomes: "SSSMNN",
  },

  // Rule 5 — default
  {
    name: "seeds: everything else goes via the default",
    location: ecommerce(),
    ok: true,
    rule: "default_instance",
    instance: "whatsapp-2",
    outcomes: "SSSSMN",
  },
  {
    name: "seeds (agency): main line is the default",
    location: agency(),
    ok: true,
    rule: "default_instance",
    instance: "whatsapp-3",
    outcomes: "SSSSMN",
  },
  {
    name: "disconnected default is skipped, trace says why",
    location: ecommerce({ 2: { status: "disconnected", statusReason: "logged_out" } }),
    ok: true,
    rule: "any_available",
    instance: "whatsapp-1",
    warnings: ["default_not_connected"],
    outcomes: "SSSSSM",
  },
  {
    name: "no default: warning, rotation",
    location: ecommerce({ 2: { isDefault: false } }),
    ok: true,
    rule: "any_available",
    instance: "whatsapp-1",
    warnings: ["no_default"],
    outcomes: "SSSSSM",
  },

  // Rule 6 — any available
  {
    name: "rotation leaves out no-number, low-health and over-limit instances",
    location: makeLocation([
      makeInstance({ index: 1, phone: null }),
      makeInstance({ index: 2, healthScore: 39 }),
      makeInstance({ index: 3, ...warmingNew, sendsToday: 40 }),
      makeInstance({ index: 4, status: "disconnected", statusReason: "transient" }),
      makeInstance({ index: 5, healthScore: 40 }),
    ]),
    ok: true,
    rule: "any_available",
    instance: "whatsapp-5",
    warnings: ["no_default"],
    outcomes: "SSSSSM",
  },
  {
    name: "warmed instances preferred over warming ones",
    location: makeLocation([makeInstance({ index: 1, ...warmingNew }), makeInstance({ index: 2 })]),
    ok: true,
    rule: "any_available",
    instance: "whatsapp-2",
    warnings: ["no_default"],
    outcomes: "SSSSSM",
  },
  {
    name: "a warming instance under its limit is used when no warmed one is",
    location: makeLocation([makeInstance({ index: 1, ...warmingNew, sendsToday: 39 }), makeInstance({ index: 2, status: "qr_pending" })]),
    ok: true,
    rule: "any_available",
    instance: "whatsapp-1",
    warnings: ["no_default"],
    outcomes: "SSSSSM",
    detail: /no warmed instance was eligible/,
  },
  {
    name: "106: nothing connected",
    location: ecommerce({
      1: { status: "disconnected", statusReason: "transient" },
      2: { status: "disconnected", statusReason: "logged_out" },
      3: { status: "disconnected", statusReason: "banned" },
    }),
    ok: false,
    rule: "any_available",
    code: 106,
    instance: null,
    warnings: ["default_not_connected"],
    outcomes: "SSSSSF",
    detail: /None of the 3 WhatsApp instances can rotate: 3 not connected/,
  },
  {
    name: "106: only low-health or over-limit instances",
    location: makeLocation([makeInstance({ index: 1, healthScore: 0 }), makeInstance({ index: 2, ...warmingNew, sendsToday: 400 })]),
    ok: false,
    rule: "any_available",
    code: 106,
    warnings: ["no_default"],
    outcomes: "SSSSSF",
    detail: /1 under the minimum health, 1 at the warming daily limit/,
  },
  {
    name: "rotation leaves out a number at a pacing cap",
    location: makeLocation([makeInstance({ index: 1, pacingCap: hourly }), makeInstance({ index: 2 })]),
    ok: true,
    rule: "any_available",
    instance: "whatsapp-2",
    warnings: ["no_default"],
    outcomes: "SSSSSM",
  },
  {
    name: "106: every connected number at a pacing cap",
    location: makeLocation([makeInstance({ index: 1, pacingCap: hourly }), makeInstance({ index: 2, pacingCap: newContacts })]),
    ok: false,
    rule: "any_available",
    code: 106,
    warnings: ["no_default"],
    outcomes: "SSSSSF",
    detail: /None of the 2 WhatsApp instances can rotate: 2 at a pacing limit/,
  },
  {
    name: "override to a number at its hourly cap: chosen, with a warning that it waits for its slot",
    location: ecommerce({ 3: { pacingCap: hourly } }),
    input: { body: "Hi {WA#3}" },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-3",
    warnings: ["paced"],
    outcomes: "MNNNNN",
  },
  {
    name: "the default at its new-contacts cap: still the default, with a warning",
    location: ecommerce({ 2: { pacingCap: newContacts } }),
    ok: true,
    rule: "default_instance",
    instance: "whatsapp-2",
    warnings: ["paced"],
    outcomes: "SSSSMN",
  },
  {
    name: "106: a channel with no instance",
    location: ecommerce(),
    input: { channel: "sms" },
    ok: false,
    rule: "any_available",
    code: 106,
    warnings: ["no_default"],
    outcomes: "SSSSSF",
  },

  // The message itself
  {
    name: "empty_body: only a pattern",
    location: ecommerce(),
    input: { body: "{{ WA#2 }}" },
    ok: false,
    rule: null,
    code: "empty_body",
    body: "",
    outcomes: "NNNNNN",
  },
  {
    name: "empty_body: patterns and spaces",
    location: ecommerce(),
    input: { body: "  {WA#2}\n {WA#2} " },
    ok: false,
    rule: null,
    code: "empty_body",
    body: "",
    outcomes: "NNNNNN",
  },
  {
    name: "empty_body: blank message",
    location: ecommerce(),
    input: { body: "   " },
    ok: false,
    rule: null,
    code: "empty_body",
    outcomes: "NNNNNN",
  },
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

describe("trace entries made once and shared", () => {
  it("a passed-over default is named in its entry on every message, not only the first", () => {
    const location = ecommerce({ 2: { status: "disconnected", statusReason: "logged_out" } });
    for (let k = 0; k < 3; k++) {
      const entry = selectInstance(makeInput(location)).trace[4];
      expect(entry).toMatchObject({
        rule: "default_instance",
        outcome: "skipped",
        instance: { id: "whatsapp-2", index: 2, label: "Support" },
      });
      expect(entry.detail).toMatch(/#2 Support .*disconnected \(logged out\)/);
    }
  });
  it("a shared entry cannot be changed by one caller under another's feet", () => {
    const first = selectInstance(makeInput(ecommerce()));
    expect(() => {
      first.trace[0].detail = "changed";
    }).toThrow(TypeError);
    expect(selectInstance(makeInput(ecommerce())).trace[0].detail).not.toBe("changed");
  });
});

function decidingEntry(decision: Decision) {
  return decision.trace.find((t) => t.outcome === "matched" || t.outcome === "failed") ?? decision.trace[5];
}

// Issue 11 (SPEC §2): the conversation rule, the failover policy, geomatch. `outcomes` has seven
// letters when the location has stickySender (the conversation rule is fifth), else six.
interface SettingsRow extends Row {
  /** What the caller is told to store as the contact's binding. */
  binding: BindingAction;
  /** The policy the decision says it was taken under (default: "error"). */
  failover?: FailoverPolicy;
  /** About the conversation rule's trace entry. */
  conversation?: RegExp;
  /** The rotation state's lastIndex after the decision (rule 6 rows). */
  lastIndex?: number;
}

const sticky = (location: LocationSnapshot, fields: Partial<LocationSnapshot> = {}): LocationSnapshot => ({
  ...location,
  stickySender: true,
  ...fields,
});
const nextRule = (location: LocationSnapshot, fields: Partial<LocationSnapshot> = {}): LocationSnapshot => ({
  ...location,
  failover: "next_rule",
  ...fields,
});
const boundTo = (instanceId: string, daysAgo = 2) => ({ binding: { instanceId, at: NOW - daysAgo * DAY_MS } });
const write = (instanceId: string): BindingAction => ({ action: "write", instanceId });
const keep = (instanceId: string): BindingAction => ({ action: "keep", instanceId });
const drop = (instanceId: string): BindingAction => ({ action: "drop", instanceId });
const NONE: BindingAction = { action: "none" };
type Expected = Pick<SettingsRow, "ok" | "rule" | "instance" | "warnings" | "outcomes" | "failover" | "binding">;
/** The default, #2 Support, sends. */
const viaDefault = { ok: true, rule: "default_instance", instance: "whatsapp-2" } as const;
/** Failover "next rule": the failing rule is passed over with a warning, and the default sends and binds the contact. */
const nextRuleToDefault: Omit<Expected, "outcomes"> = {
  ...viaDefault,
  warnings: ["failover_used"],
  failover: "next_rule",
  binding: write("whatsapp-2"),
};
/** The conversation rule chooses the bound number, #3 Billing, and the binding is refreshed. */
const remembered: Expected = { ok: true, rule: "conversation", instance: "whatsapp-3", outcomes: "SSSSMNN", binding: write("whatsapp-3") };
/** Rotation (rule 6; no default) chooses `instance`, and the contact is bound to it. */
const rotatedTo = (instance: string): Expected => ({
  ok: true,
  rule: "any_available",
  instance,
  warnings: ["no_default"],
  outcomes: "SSSSSM",
  binding: write(instance),
});
/** A send naming #9, which the location does not have: 101, and no binding. */
const toMissingNine = { location: ecommerce(), input: { body: "Hi {WA#9}" }, ...overrideFails(101), binding: NONE };
const busyRow = (name: string, billing: Partial<EngineInstance>, why: RegExp): SettingsRow => ({
  name: `conversation: bound number busy (${name}) — skipped, the default sends, the binding is kept`,
  location: sticky(ecommerce({ 3: billing })),
  input: { contact: boundTo("whatsapp-3") },
  ...viaDefault,
  outcomes: "SSSSSMN",
  binding: keep("whatsapp-3"),
  conversation: new RegExp(
    `bound to #3 Billing \\+1 555 245 5464, which is busy: ${why.source} — skipped for this message; the binding is kept`,
  ),
});
const goneRow = (name: string, billing: Partial<EngineInstance>, words: RegExp): SettingsRow => ({
  name: `conversation: bound number gone (${name}) — the binding is dropped and the default binds the contact`,
  location: sticky(ecommerce({ 3: billing })),
  input: { contact: boundTo("whatsapp-3") },
  ...viaDefault,
  outcomes: "SSSSSMN",
  binding: write("whatsapp-2"),
  conversation: words,
});

// Geomatch: real area codes (libphonenumber knows their countries), round robin, no default.
const geoLocation = (fields: Partial<LocationSnapshot> = {}, overrides: Record<number, object> = {}) =>
  makeLocation(
    [
      makeInstance({ index: 1, label: "NYC", phone: "+12125550101", ...overrides[1] }),
      makeInstance({ index: 2, label: "LA", phone: "+13105550102", ...overrides[2] }),
      makeInstance({ index: 3, label: "Toronto", phone: "+14165550103", ...overrides[3] }),
      makeInstance({ index: 4, label: "NYC 2", phone: "+12125550104", ...overrides[4] }),
      makeInstance({ index: 5, label: "London", phone: "+442079460958", ...overrides[5] }),
    ],
    fields,
  );

const settingsRows: SettingsRow[] = [
  // The conversation rule
  {
    name: "conversation: bound number connected — chosen, the binding refreshed",
    location: sticky(ecommerce()),
    input: { contact: boundTo("whatsapp-3") },
    ...remembered,
    conversation: /last exchanged messages with #3 Billing \+1 555 245 5464 2 days ago, and it is connected — chosen/,
  },
  {
    name: "conversation: memory beats rotation (no default; rotation would take #1), rotation state untouched",
    location: sticky(ecommerce({ 2: { isDefault: false } })),
    input: { contact: boundTo("whatsapp-3"), rotation: { whatsapp: { lastIndex: 3, currentWeights: {} } } },
    ...remembered,
    lastIndex: 3,
  },
  {
    name: "conversation: a binding exactly stickyDays old is still live",
    location: sticky(ecommerce(), { stickyDays: 7 }),
    input: { contact: boundTo("whatsapp-3", 7) },
    ...remembered,
  },
  busyRow("transient disconnect", { status: "disconnected", statusReason: "transient" }, /disconnected \(transient\)/),
  busyRow("connecting", { status: "connecting" }, /still connecting/),
  busyRow("hourly cap", { pacingCap: hourly }, /at its hourly limit of 200/),
  busyRow("new-contacts cap", { pacingCap: newContacts }, /at its limit of 50 new contacts a day/),
  busyRow("low health", { healthScore: 30 }, /health 30, under the location's minimum of 40/),
  busyRow("warming limit", { ...warmingNew, sendsToday: 40 }, /warming day 2, 40 of today's 40 sent/),
  goneRow(
    "banned",
    { status: "disconnected", statusReason: "banned" },
    /bound to #3 Billing .*, which is disconnected \(banned\) — gone, so the binding is dropped; skipped/,
  ),
  goneRow("logged out", { status: "disconnected", statusReason: "logged_out" }, /disconnected \(logged out\) — gone/),
  goneRow("waiting for a QR scan", { status: "qr_pending" }, /waiting for a QR scan — gone/),
  {
    name: "conversation: bound instance deleted — the binding is dropped and the default binds the contact",
    location: sticky(ecommerce()),
    input: { contact: boundTo("whatsapp-9") },
    ...viaDefault,
    outcomes: "SSSSSMN",
    binding: write("whatsapp-2"),
    conversation: /bound to a WhatsApp instance that no longer exists — the binding is dropped/,
  },
  {
    name: "conversation: bound number gone and nothing else can send — 106, the binding is still dropped",
    location: sticky(makeLocation([makeInstance({ index: 1, status: "disconnected", statusReason: "banned" })])),
    input: { contact: boundTo("whatsapp-1") },
    ok: false,
    rule: "any_available",
    code: 106,
    warnings: ["no_default"],
    outcomes: "SSSSSSF",
    binding: drop("whatsapp-1"),
  },
  {
    name: "conversation: expired binding — skipped, and the default's send replaces it",
    location: sticky(ecommerce()),
    input: { contact: boundTo("whatsapp-3", 31) },
    ...viaDefault,
    outcomes: "SSSSSMN",
    binding: write("whatsapp-2"),
    conversation: /binding to #3 Billing .* is from 31 days ago, past the 30-day limit — expired, skipped/,
  },
  {
    name: "conversation: expired binding and a 106 — kept as it is (only gone numbers are dropped)",
    location: sticky(makeLocation([makeInstance({ index: 1, status: "disconnected", statusReason: "transient" })])),
    input: { contact: boundTo("whatsapp-1", 40) },
    ok: false,
    rule: "any_available",
    code: 106,
    warnings: ["no_default"],
    outcomes: "SSSSSSF",
    binding: keep("whatsapp-1"),
  },
  {
    name: "conversation: no binding — skipped, the default's send binds the contact",
    location: sticky(ecommerce()),
    ...viaDefault,
    outcomes: "SSSSSMN",
    binding: write("whatsapp-2"),
    conversation: /The contact has no WhatsApp conversation binding — skipped/,
  },
  {
    name: "conversation: no binding and rotation decides — rotation's number is bound",
    location: sticky(ecommerce({ 2: { isDefault: false } })),
    ok: true,
    rule: "any_available",
    instance: "whatsapp-1",
    warnings: ["no_default"],
    outcomes: "SSSSSSM",
    binding: write("whatsapp-1"),
    lastIndex: 1,
  },
  {
    name: "explicit beats memory: an override sends from #1 and leaves the binding to #3 alone",
    location: sticky(ecommerce()),
    input: { body: "Hi {WA#1}", contact: boundTo("whatsapp-3") },
    ok: true,
    rule: "manual_override",
    instance: "whatsapp-1",
    outcomes: "MNNNNNN",
    binding: keep("whatsapp-3"),
  },
  {
    name: "explicit beats memory: a temporary switch never binds an unbound contact",
    location: sticky(agency()),
    input: { channel: "imessage", body: "Hi {TEMP-IM#3}" },
    ok: true,
    rule: "temporary_switch",
    instance: "imessage-3",
    outcomes: "SMNNNNN",
    binding: NONE,
  },
  {
    name: "explicit beats memory: a tag sends from Billing, the binding to Support is kept",
    location: sticky(ecommerce()),
    input: { contact: { ...VIP, ...boundTo("whatsapp-2") } },
    ok: true,
    rule: "contact_tag",
    instance: "whatsapp-3",
    outcomes: "SSMNNNN",
    binding: keep("whatsapp-2"),
  },
  {
    name: "explicit beats memory: the assignment sends from Orders, a live binding to Billing is kept",
    location: sticky(ecommerce()),
    input: { contact: { assignedUserId: "user-orders", ...boundTo("whatsapp-3") } },
    ok: true,
    rule: "user_assignment",
    instance: "whatsapp-1",
    outcomes: "SSSMNNN",
    binding: keep("whatsapp-3"),
  },
  {
    name: "user assignment binds a contact with no binding",
    location: sticky(ecommerce()),
    input: { contact: { assignedUserId: "user-orders" } },
    ok: true,
    rule: "user_assignment",
    instance: "whatsapp-1",
    outcomes: "SSSMNNN",
    binding: write("whatsapp-1"),
  },
  {
    name: "stickySender off: a binding is ignored, six entries, the default sends and the binding is kept",
    location: ecommerce(),
    input: { contact: boundTo("whatsapp-3") },
    ...viaDefault,
    outcomes: "SSSSMN",
    binding: keep("whatsapp-3"),
  },
  {
    name: "stickySender off: the default's send still binds an unbound contact (ready for when it is turned on)",
    location: ecommerce(),
    ...viaDefault,
    outcomes: "SSSSMN",
    binding: write("whatsapp-2"),
  },
  {
    name: "stickySender off: a gone bound number is not dropped (the rule does not run)",
    location: ecommerce({ 3: { status: "disconnected", statusReason: "banned" } }),
    input: { contact: boundTo("whatsapp-3") },
    ...viaDefault,
    outcomes: "SSSSMN",
    binding: keep("whatsapp-3"),
  },
  { name: "a failed decision creates no binding", ...toMissingNine },

  // Failover policy
  {
    name: "failover next_rule: 101 is recorded, warned, and the default sends",
    location: nextRule(ecommerce()),
    input: { body: "Hi {WA#9}" },
    ...nextRuleToDefault,
    outcomes: "FSSSMN",
    detail:
      /no WhatsApp instance of this location has that index\. Failover policy "next rule": error 101 is passed over and the next rule decides\./,
  },
  {
    name: "failover next_rule: 102 (override to a logged-out number) falls through",
    location: nextRule(ecommerce({ 1: { status: "disconnected", statusReason: "logged_out" } })),
    input: { body: "Hi {WA#1}" },
    ...nextRuleToDefault,
    outcomes: "FSSSMN",
    detail: /which is disconnected \(logged out\) — it cannot send\. Failover policy "next rule": error 102/,
  },
  {
    name: "failover next_rule: 102 from a temporary switch falls through to the iMessage default",
    location: nextRule(
      makeLocation(
        agency().instances.map((i) => (i.id === "imessage-3" ? { ...i, status: "disconnected", statusReason: "transient" } : i)),
      ),
    ),
    input: { channel: "imessage", body: "Hi {TEMP-IM#3}" },
    ok: true,
    rule: "default_instance",
    instance: "imessage-1",
    warnings: ["failover_used"],
    outcomes: "SFSSMN",
    failover: "next_rule",
    binding: write("imessage-1"),
  },
  {
    name: "failover next_rule: 103 (tagged number unknown) falls through",
    location: nextRule(ecommerce()),
    input: { contact: { tags: ["wa: +1 555 999 0000"] } },
    ...nextRuleToDefault,
    outcomes: "SSFSMN",
    detail: /Failover policy "next rule": error 103/,
  },
  {
    name: "failover next_rule: 104 (tagged number disconnected) falls through",
    location: nextRule(ecommerce({ 3: { status: "disconnected", statusReason: "transient" } })),
    input: { contact: VIP },
    ...nextRuleToDefault,
    outcomes: "SSFSMN",
    detail: /Failover policy "next rule": error 104/,
  },
  {
    name: "failover next_rule: 105 (assigned number disconnected) falls through",
    location: nextRule(ecommerce({ 1: { status: "connecting" } })),
    input: { contact: { assignedUserId: "user-orders" } },
    ...nextRuleToDefault,
    outcomes: "SSSFMN",
    detail: /Failover policy "next rule": error 105/,
  },
  {
    name: "failover next_rule: 105 falls through to the conversation rule",
    location: nextRule(sticky(ecommerce({ 1: { status: "connecting" } }))),
    input: { contact: { assignedUserId: "user-orders", ...boundTo("whatsapp-3") } },
    ok: true,
    rule: "conversation",
    instance: "whatsapp-3",
    warnings: ["failover_used"],
    outcomes: "SSSFMNN",
    failover: "next_rule",
    binding: write("whatsapp-3"),
  },
  {
    name: "failover next_rule: 106 still fails",
    location: nextRule(
      ecommerce({
        1: { status: "disconnected", statusReason: "transient" },
        2: { status: "disconnected", statusReason: "logged_out" },
        3: { status: "disconnected", statusReason: "banned" },
      }),
    ),
    input: { body: "Hi {WA#9}" },
    ok: false,
    rule: "any_available",
    code: 106,
    warnings: ["failover_used", "default_not_connected"],
    outcomes: "FSSSSF",
    failover: "next_rule",
    binding: NONE,
  },
  {
    name: "failover next_rule: ambiguous_override still refuses",
    location: nextRule(ecommerce()),
    input: { body: "{WA#1} Hi {WA#2}" },
    ...overrideFails("ambiguous_override"),
    failover: "next_rule",
    binding: NONE,
  },
  {
    name: "failover error (stated): 101 stops the ladder, as the seeds",
    ...toMissingNine,
    failover: "error",
    detail: /has that index\.$/,
  },
  {
    name: "failover error (stated): 105 stops the ladder",
    location: { ...ecommerce({ 1: { status: "connecting" } }), failover: "error" },
    input: { contact: { assignedUserId: "user-orders" } },
    ok: false,
    rule: "user_assignment",
    code: 105,
    instance: "whatsapp-1",
    outcomes: "SSSFNN",
    failover: "error",
    binding: NONE,
  },

  // Geomatch (rule 6)
  {
    name: "geomatch country: a Canadian contact gets the Toronto number",
    location: geoLocation({ geomatch: "country" }),
    input: { contact: { phone: "+14165559999" } },
    ...rotatedTo("whatsapp-3"),
    lastIndex: 3,
    detail:
      /chose #3 Toronto \+1 416 555 0103 among the 1 of 5 eligible warmed instances in the contact's country CA \(geomatch: country\)\./,
  },
  {
    name: "geomatch area_code: a 212 contact rotates among the two 212 numbers (after #1, #4)",
    location: geoLocation({ geomatch: "area_code" }),
    input: { contact: { phone: "+12125559999" }, rotation: { whatsapp: { lastIndex: 1, currentWeights: {} } } },
    ...rotatedTo("whatsapp-4"),
    lastIndex: 4,
    detail: /among the 2 of 5 eligible warmed instances with the contact's area code 212 \(geomatch: area code\)\./,
  },
  {
    name: "geomatch area_code: no number with area code 646 — the country (US) is preferred",
    location: geoLocation({ geomatch: "area_code" }, { 1: { status: "disconnected", statusReason: "transient" } }),
    input: { contact: { phone: "+16465559999" }, rotation: { whatsapp: { lastIndex: 2, currentWeights: {} } } },
    ...rotatedTo("whatsapp-4"),
    lastIndex: 4,
    detail: /among the 2 of 4 eligible warmed instances in the contact's country US \(geomatch: area code; none has area code 646\)\./,
  },
  {
    name: "geomatch area_code: the local numbers cannot rotate (disconnected, low health) — the country's are used",
    location: geoLocation({ geomatch: "area_code" }, { 1: { status: "disconnected", statusReason: "transient" }, 4: { healthScore: 10 } }),
    input: { contact: { phone: "+12125559999" } },
    ...rotatedTo("whatsapp-2"),
    detail: /among the 1 of 3 eligible warmed instances in the contact's country US \(geomatch: area code; none has area code 212\)/,
  },
  {
    name: "geomatch area_code: a French contact — no local number, all eligible numbers are used",
    location: geoLocation({ geomatch: "area_code" }),
    input: { contact: { phone: "+33123456789" } },
    ...rotatedTo("whatsapp-1"),
    detail:
      /among 5 eligible warmed instances\. Geomatch \(area code\): no eligible instance has the contact's country FR — all eligible instances were used\./,
  },
  {
    name: "geomatch country: a fictional +1 555 contact has no known country — all eligible numbers",
    location: geoLocation({ geomatch: "country" }),
    input: { contact: { phone: "+15559990001" } },
    ...rotatedTo("whatsapp-1"),
    detail: /Geomatch \(country\): the contact's number has no known country — all eligible instances were used\./,
  },
  {
    name: "geomatch area_code with least used: the less used of the two 212 numbers",
    location: geoLocation(
      { geomatch: "area_code", rotationStrategy: "least_used" },
      { 1: { sendsToday: 9 }, 4: { sendsToday: 5 }, 2: { sendsToday: 0 } },
    ),
    input: { contact: { phone: "+12125559999" } },
    ...rotatedTo("whatsapp-4"),
  },
  {
    name: "geomatch off: the Canadian contact gets plain round robin",
    location: geoLocation(),
    input: { contact: { phone: "+14165559999" } },
    ...rotatedTo("whatsapp-1"),
    detail: /chose #1 NYC \+1 212 555 0101 among 5 eligible warmed instances\.$/,
  },
  {
    name: "geomatch is rule 6 only: the default still sends to a contact elsewhere",
    location: geoLocation({ geomatch: "country" }, { 2: { isDefault: true } }),
    input: { contact: { phone: "+14165559999" } },
    ...viaDefault,
    outcomes: "SSSSMN",
    binding: write("whatsapp-2"),
  },
];

describe("selectInstance — conversation, failover, geomatch (issue 11)", () => {
  it.each(settingsRows.map((r) => [r.name, r] as const))("%s", (_, row) => {
    const decision = selectInstance(makeInput(row.location, row.input));
    expect(decision.trace.map((t) => t.step)).toEqual(row.outcomes.split("").map((_, k) => k + 1));
    expect(decision.trace.map((t) => t.rule).includes("conversation")).toBe(row.outcomes.length === 7);
    expect(decision.trace.map((t) => LETTER[t.outcome]).join("")).toBe(row.outcomes);
    expect(decision.ok).toBe(row.ok);
    expect(decision.rule).toBe(row.rule);
    expect(decision.warnings.map((w) => w.code)).toEqual(row.warnings ?? []);
    expect(decision.binding).toEqual(row.binding);
    expect(decision.failover).toBe(row.failover ?? "error");
    if (decision.ok) {
      if (row.instance !== undefined) expect(decision.instance.id).toBe(row.instance);
      if (row.lastIndex !== undefined) expect(decision.nextRotation.whatsapp?.lastIndex).toBe(row.lastIndex);
    } else {
      expect(decision.error.code).toBe(row.code);
      if (row.instance !== undefined) expect(decision.resolvedInstance?.id ?? null).toBe(row.instance);
    }
    if (row.detail) expect(decidingEntry(decision).detail).toMatch(row.detail);
    if (row.conversation) expect(decision.trace.find((t) => t.rule === "conversation")?.detail).toMatch(row.conversation);
    for (const warning of decision.warnings.filter((w) => w.code === "failover_used")) {
      const failed = decision.trace.find((t) => t.outcome === "failed")!;
      expect(warning.message).toContain(`The ${failed.rule.replace("_", " ")} rule failed with`);
    }
  });
});
