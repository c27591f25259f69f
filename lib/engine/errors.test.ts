import { describe, expect, it } from "vitest";
import { ERROR_CODES, errorInfo } from "./errors";

describe("error table", () => {
  it("has SPEC's fixed codes, names and HTTP statuses", () => {
    expect(ERROR_CODES.map((e) => [e.code, e.name, e.httpStatus])).toEqual([
      [101, "override_instance_not_found", 422],
      [102, "override_instance_not_connected", 422],
      [103, "tagged_number_not_found", 422],
      [104, "tagged_instance_not_connected", 422],
      [105, "assigned_instance_not_connected", 422],
      [106, "no_number_available", 409],
      ["ambiguous_override", "ambiguous_override", 422],
      ["empty_body", "empty_body", 422],
    ]);
    for (const e of ERROR_CODES) expect(e.explanation.length && e.fix.length).toBeGreaterThan(20);
  });
  it("looks codes up", () => {
    expect(errorInfo(106).name).toBe("no_number_available");
    expect(() => errorInfo(107 as never)).toThrow();
  });
});
