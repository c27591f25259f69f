import { describe, expect, it } from "vitest";
import { ERROR_CODES, errorInfo } from "./errors";

describe("error table", () => {
  it("has SPEC's fixed codes, names and HTTP statuses", () => {
    expect(ERROR_CODES).toMatchObject([
      { code: 101, name: "override_instance_not_found", httpStatus: 422 },
      { code: 102, name: "override_instance_not_connected", httpStatus: 422 },
      { code: 103, name: "tagged_number_not_found", httpStatus: 422 },
      { code: 104, name: "tagged_instance_not_connected", httpStatus: 422 },
      { code: 105, name: "assigned_instance_not_connected", httpStatus: 422 },
      { code: 106, name: "no_number_available", httpStatus: 409 },
      { code: "ambiguous_override", name: "ambiguous_override", httpStatus: 422 },
      { code: "empty_body", name: "empty_body", httpStatus: 422 },
    ]);
    for (const e of ERROR_CODES) expect(e.explanation.length && e.fix.length).toBeGreaterThan(20);
  });
  it("looks codes up", () => {
    expect(errorInfo(106).name).toBe("no_number_available");
    expect(() => errorInfo(107 as never)).toThrow();
  });
});
