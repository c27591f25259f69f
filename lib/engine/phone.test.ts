import { describe, expect, it } from "vitest";
import { formatPhone, normalizePhone } from "./phone";

describe("normalizePhone", () => {
  it.each([
    ["+1-555-BILLING", "US", "+15552455464"], // vanity letters → keypad digits
    ["+1-555-SUPPORT", "US", "+15557877678"],
    ["+1-555-ORDERS-1", "US", "+15556733771"],
    ["555-123-4567", "US", "+15551234567"],
    ["+15551234567", "US", "+15551234567"], // fictional 555 range: possible, not valid, accepted
    ["+1 (555) 300-0099", "US", "+15553000099"],
    ["1.555.123.4567", "US", "+15551234567"],
    ["020 7946 0958", "GB", "+442079460958"],
    ["+44 20 7946 0958", "US", "+442079460958"],
    ["+15550000001", "us", "+15550000001"],
  ])("%s with %s → %s", (raw, country, e164) => expect(normalizePhone(raw, country)).toBe(e164));

  it.each([["call me"], ["BILLING"], ["+1555"], ["123"], [""], ["+1 555 123 4567 890"]])("%s is not a number", (raw) =>
    expect(normalizePhone(raw, "US")).toBeNull(),
  );

  it("a number longer than E.164's 15 digits is not a number, even where the library calls it possible (fuzz find)", () =>
    expect(normalizePhone("ext. 1210BILLING", "DE")).toBeNull());

  it("answers an E.164 that reads back as itself, even for odd input (fast-check found +55072210007)", () => {
    const phone = normalizePhone("007\uFF12\uFF1210007", "BR");
    expect(phone).toBe("+5572210007");
    expect(normalizePhone(phone!, "US")).toBe(phone);
  });

  it("does not throw on an unknown country", () => {
    expect(normalizePhone("555-123-4567", "XX")).toBeNull();
    expect(normalizePhone("+15551234567", "XX")).toBe("+15551234567");
  });
});

describe("formatPhone", () => {
  it("formats E.164 for people", () => {
    expect(formatPhone("+15550000002")).toBe("+1 555 000 0002");
    expect(formatPhone("+442079460958")).toBe("+44 20 7946 0958");
    expect(formatPhone(null)).toBe("(no number)");
    expect(formatPhone("garbage")).toBe("garbage");
  });
});
