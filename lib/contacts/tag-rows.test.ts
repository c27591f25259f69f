import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tagRows } from "@/lib/contacts/tag-rows";

describe("ContactTag rows", () => {
  it("keep every tag in order and read number tags as the engine does", () => {
    expect(tagRows(["VIP", "WA:+1-555-BILLING", "im: 555-123-4567", "sms:", "wa: call me"], "US")).toEqual([
      { position: 0, value: "VIP", channel: null, phone: null },
      { position: 1, value: "WA:+1-555-BILLING", channel: "whatsapp", phone: "+15552455464" },
      { position: 2, value: "im: 555-123-4567", channel: "imessage", phone: "+15551234567" },
      { position: 3, value: "sms:", channel: "sms", phone: null },
      { position: 4, value: "wa: call me", channel: "whatsapp", phone: null },
    ]);
  });

  it("normalise local numbers with the location's country", () => {
    expect(tagRows(["wa: 020 7946 0018"], "GB")[0].phone).toBe("+442079460018");
  });

  it("keep any list of tags, whatever text it holds, as one row per tag in order", () => {
    const tag = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.constantFrom("wa:", "WA :", "im: +1 555", "sms: (555)", "+", "\u0000", "\u202e", "\ud800"),
    );
    const country = fc.constantFrom("US", "GB", "us", "ZZ", "");
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 8 }), country, (tags, defaultCountry) => {
        expect(tagRows(tags, defaultCountry).map((r) => r.value)).toEqual(tags);
      }),
      { numRuns: 1000 },
    );
  });
});
