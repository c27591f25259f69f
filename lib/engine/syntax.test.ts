import { describe, expect, it } from "vitest";
import { CHANNEL_SYNTAX, type PatternKind, parseTags, scanPatterns, stripPatterns } from "./syntax";
import type { Channel } from "./types";

describe("pattern syntax", () => {
  // One row per result, with every text that scans to it. "{{ WA#2 }" has mismatched braces: it still
  // counts (and strips whole). Index 0 is not a valid index: routed to error 101, never delivered.
  const patterns: [Channel, PatternKind, number, string[]][] = [
    ["whatsapp", "override", 2, ["{{ WA#2 }}", "{ WA#2 }", "{WA#2}", "{ wa#2 }", "{{ WA#2 }"]],
    ["whatsapp", "override", 12, ["{{wa#12}}"]],
    ["whatsapp", "override", 3, ["{  Wa # 3  }"]],
    ["whatsapp", "override", 0, ["{WA#0}"]],
    ["imessage", "override", 2, ["{IM#2}", "{{ IM#2 }}"]],
    ["imessage", "override", 7, ["{ im#7 }"]],
    ["imessage", "temporary_switch", 3, ["{TEMP-IM#3}", "{ temp-im#3 }", "{{TEMP - IM # 3}}"]],
  ];
  it.each(patterns.flatMap(([channel, kind, index, texts]) => texts.map((text) => [text, channel, kind, index] as const)))(
    "%s is a %s %s pattern for #%i",
    (text, channel, kind, index) => {
      const [match] = scanPatterns(`Hi ${text} there`);
      expect(match).toMatchObject({ channel, kind, index, text });
    },
  );

  it.each(["WA#2", "{WA2}", "{WA#}", "{WA#-1}", "{WAX#2}", "{TEMP-WA#2}", "{SMS#1}", "{ WA #two }", "{{ name }}"])(
    "%s is not a pattern",
    (text) => expect(scanPatterns(`Hi ${text}`)).toEqual([]),
  );

  it("keeps SMS without override or temporary switch, as data", () => {
    expect(CHANNEL_SYNTAX.sms.patterns).toEqual([]);
    expect(CHANNEL_SYNTAX.whatsapp.patterns.map((p) => p.kind)).toEqual(["override"]);
    expect(CHANNEL_SYNTAX.imessage.patterns.map((p) => p.kind)).toEqual(["override", "temporary_switch"]);
  });
});

describe("stripping", () => {
  it.each<[string, Channel, string, string]>([
    ["at the start", "whatsapp", "{{ WA#2 }} Hello there", "Hello there"],
    ["in the middle", "whatsapp", "Hello {{ WA#2 }} there", "Hello there"],
    ["at the end", "whatsapp", "This message will go via 2nd instance {{ WA#2 }}", "This message will go via 2nd instance"],
    ["twice", "whatsapp", "{WA#2} Hello {{ wa#2 }} there", "Hello there"],
    ["side by side", "whatsapp", "{WA#2}{WA#2} Hello", "Hello"],
    ["before a comma", "whatsapp", "Hello {{ WA#2 }}, Ann", "Hello, Ann"],
    ["after punctuation", "whatsapp", "Thanks!{WA#2}", "Thanks!"],
    ["after a comma, before a word", "whatsapp", "Hello,{WA#2} Ann", "Hello, Ann"],
    ["before a full stop", "whatsapp", "See you soon {WA#1}.", "See you soon."],
    ["only a pattern", "whatsapp", "{{ WA#2 }}", ""],
    ["only patterns and spaces", "whatsapp", "  {WA#2}  {WA#2} ", ""],
    ["on its own line", "whatsapp", "Line one\n{WA#2}\nLine two", "Line one\nLine two"],
    ["at a line end", "whatsapp", "Hi {WA#2}\nNext", "Hi\nNext"],
    ["between paragraphs", "whatsapp", "Para one\n\n{WA#2}\n\nPara two", "Para one\n\nPara two"],
    ["temporary switch", "imessage", "Quick update from our support line {TEMP-IM#3}", "Quick update from our support line"],
    ["override and switch together", "imessage", "{IM#1} Hi {TEMP-IM#3}", "Hi"],
    ["another channel's pattern stays", "whatsapp", "Hi {IM#2} there", "Hi {IM#2} there"],
    ["SMS strips nothing", "sms", "Code {WA#2} {TEMP-IM#1}", "Code {WA#2} {TEMP-IM#1}"],
    ["no pattern, untouched (spaces too)", "whatsapp", "  Hello   there  ", "  Hello   there  "],
  ])("%s", (_, channel, body, expected) => {
    expect(stripPatterns(body, channel).body).toBe(expected);
  });

  it("reports what it removed", () => {
    expect(stripPatterns("A {WA#2} b {{ wa#2 }}", "whatsapp").stripped).toEqual(["{WA#2}", "{{ wa#2 }}"]);
  });
});

describe("number tags", () => {
  it("keeps tag order, normalises numbers and separates invalid ones", () => {
    const tags = ["VIP", "wa: +1-555-BILLING", "im: +15550000009", "WA:555-123-4567", "wa: call me", "Wa :  +1 (555) 300-0099", "wa:"];
    const parsed = parseTags(tags, "whatsapp", "US");
    expect(parsed.valid).toEqual([
      { position: 1, tag: "wa: +1-555-BILLING", phone: "+15552455464" },
      { position: 3, tag: "WA:555-123-4567", phone: "+15551234567" },
      { position: 5, tag: "Wa :  +1 (555) 300-0099", phone: "+15553000099" },
    ]);
    expect(parsed.invalid.map((t) => t.tag)).toEqual(["wa: call me", "wa:"]);
    expect(parseTags(tags, "imessage", "US").valid.map((t) => t.phone)).toEqual(["+15550000009"]);
    expect(parseTags(tags, "sms", "US")).toEqual({ valid: [], invalid: [] });
  });

  it("re-reads a tag list edited in place", () => {
    const tags = ["wa: +15551234567"];
    expect(parseTags(tags, "whatsapp", "US").valid[0].phone).toBe("+15551234567");
    tags[0] = "wa: +15557654321";
    expect(parseTags(tags, "whatsapp", "US").valid[0].phone).toBe("+15557654321");
    tags.push("wa: +15550000001");
    expect(parseTags(tags, "whatsapp", "US").valid).toHaveLength(2);
  });

  it("reads national numbers with the location's country", () => {
    expect(parseTags(["sms: 020 7946 0958"], "sms", "GB").valid[0].phone).toBe("+442079460958");
    expect(parseTags(["sms: 020 7946 0958"], "sms", "US").valid).toEqual([]);
  });
});
