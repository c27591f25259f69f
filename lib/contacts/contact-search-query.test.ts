import { describe, expect, it } from "vitest";
import { contactQueryRanges, contactSearchQuery, namePrefixes, phonePrefixes } from "@/lib/contacts/contact-search-query";

const CONTACTS = [
  { name: "Alice Smith", phone: "+15551234567" },
  { name: "alicia", phone: "+15559990000" },
  { name: "Malice", phone: "+445551234567" },
  { name: "Bob", phone: "+442079460018" },
  { name: "50% off", phone: "+15550000050" },
];

type Range = { gte: string; lt: string };

/** Which of CONTACTS a `q` finds, in the order a search reads them: range after range, each sorted. */
function found(q: string, country = "US") {
  const { key, ranges } = contactQueryRanges(q, country);
  const sorted = [...CONTACTS].sort((a, b) => (a[key] < b[key] ? -1 : 1));
  return (ranges as Record<string, Range>[]).flatMap((r) =>
    sorted.filter((c) => c[key] >= r[key].gte && c[key] < r[key].lt).map((c) => c.name),
  );
}

describe("contact search q", () => {
  it("digits are an E.164 prefix as typed or a national number of the location's country", () => {
    expect(phonePrefixes("555", "US")).toEqual(["+1555", "+555"]);
    expect(phonePrefixes("(555) 123", "US")).toEqual(["+1555123", "+555123"]);
    expect(phonePrefixes("020 7946", "GB")).toEqual(["+0207946", "+44207946"]);
    expect(found("555")).toEqual(["50% off", "Alice Smith", "alicia"]);
    expect(found("555 123")).toEqual(["Alice Smith"]);
    expect(found("555", "GB")).toEqual(["Malice"]);
    expect(found("020 7946", "GB")).toEqual(["Bob"]);
  });

  it("a +-led query is matched as typed only", () => {
    expect(phonePrefixes("+1 555", "US")).toEqual(["+1555"]);
    expect(found("+1555")).toEqual(["50% off", "Alice Smith", "alicia"]);
    expect(found("+44")).toEqual(["Bob", "Malice"]);
    expect(found("+555")).toEqual([]);
  });

  it("ranges never overlap, so no contact is read twice", () => {
    expect(phonePrefixes("1", "US")).toEqual(["+1"]); // "+11" (national) is inside "+1"
    expect(namePrefixes("Ann")).toEqual(["Ann"]);
  });

  it("anything else is a name prefix, as typed or capitalised — never a substring or a wildcard", () => {
    expect(namePrefixes("ali")).toEqual(["Ali", "ali"]);
    expect(found("Ali")).toEqual(["Alice Smith"]);
    expect(found("ali")).toEqual(["Alice Smith", "alicia"]);
    expect(found("lic")).toEqual([]);
    expect(found("%")).toEqual([]);
    expect(found("_")).toEqual([]);
  });

  it("sorts by the matched column, newest first without q, and keeps every filter within the location", () => {
    expect(contactSearchQuery("loc", { q: "555" }, "US")).toMatchObject({
      sort: { key: "phone", order: "asc" },
      ranges: [{ phone: { gte: "+1555" } }, { phone: { gte: "+555" } }],
    });
    expect(contactSearchQuery("loc", { q: "Ali" }, "US").sort).toEqual({ key: "name", order: "asc" });
    const plain = contactSearchQuery("loc", { phone: "+15551234567", assignedUserId: "none", tag: "VIP" }, "US");
    expect(plain).toMatchObject({ sort: { key: "createdAt", order: "desc" }, ranges: [] });
    expect(plain.where).toEqual({
      locationId: "loc",
      AND: [{ phone: "+15551234567" }, { assignedUserId: null }, { tags: { some: { locationId: "loc", value: "VIP" } } }],
    });
  });
});
