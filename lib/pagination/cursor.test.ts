import { describe, expect, it } from "vitest";
import { afterCursor, decodeCursor, encodeCursor, pageOf } from "@/lib/pagination/cursor";

const refusal = {
  code: "invalid_request",
  status: 400,
  details: { issues: [{ path: "cursor", message: expect.stringContaining("nextCursor") }] },
};
const b64 = (text: string) => Buffer.from(text).toString("base64url");

describe("cursor", () => {
  it("reads back what it wrote, as text or as an instant", () => {
    expect(decodeCursor(encodeCursor("+15551234567", "c1"), "text")).toEqual({ value: "+15551234567", id: "c1" });
    const at = new Date("2026-01-02T03:04:05.678Z");
    expect(decodeCursor(encodeCursor(at, "m-1"), "date")).toEqual({ value: at, id: "m-1" });
    expect(decodeCursor(undefined, "text")).toBeNull();
  });

  it("refuses any cursor it did not write as invalid input named `cursor`", () => {
    const foreign = [
      "@@@",
      "not-base64!",
      b64("1700000000000:abc"),
      b64('"ab"'),
      b64("[1,2]"),
      b64('["a"]'),
      b64('["x","bad id!"]'),
      b64('["a\\u0000b","id"]'),
      b64(JSON.stringify(["x".repeat(301), "id"])),
    ];
    for (const cursor of foreign) expect(() => decodeCursor(cursor, "text"), cursor).toThrow(expect.objectContaining(refusal));
    expect(() => decodeCursor(encodeCursor("Maya", "c1"), "date")).toThrow(expect.objectContaining(refusal));
  });

  it("pages rows read with limit + 1 and continues strictly after the last row shown", () => {
    const rows = [
      { id: "a", name: "Ann" },
      { id: "b", name: "Bo" },
      { id: "c", name: "Cy" },
    ];
    const first = pageOf(rows, 2, (r) => r.name);
    expect(first.rows.map((r) => r.id)).toEqual(["a", "b"]);
    expect(decodeCursor(first.nextCursor!, "text")).toEqual({ value: "Bo", id: "b" });
    expect(pageOf(rows, 3, (r) => r.name)).toEqual({ rows, nextCursor: null });
    expect(afterCursor("name", { value: "Bo", id: "b" }, "asc")).toEqual({ OR: [{ name: { gt: "Bo" } }, { name: "Bo", id: { gt: "b" } }] });
    expect(afterCursor("createdAt", null, "desc")).toEqual({});
  });
});
