import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, seal } from "@/lib/security/secret-box";

const key = randomBytes(32);

describe("secret box (gateway credentials at rest)", () => {
  it("opens what it sealed, and the sealed text does not contain the secret", () => {
    const sealed = seal('{"apiKey":"evo-secret-123"}', "inst_1", key);
    expect(sealed).not.toContain("evo-secret");
    expect(open(sealed, "inst_1", key)).toBe('{"apiKey":"evo-secret-123"}');
  });
  it("seals the same text differently every time (fresh nonce)", () => {
    expect(seal("x", "a", key)).not.toBe(seal("x", "a", key));
  });
  it.each([
    ["another instance", (s: string) => open(s, "inst_2", key)],
    ["another key", (s: string) => open(s, "inst_1", randomBytes(32))],
    [
      "an altered value",
      (s: string) =>
        open(
          s.replace(/\.(.)/, (_, c) => `.${c === "A" ? "B" : "A"}`),
          "inst_1",
          key,
        ),
    ],
  ])("refuses to open it for %s", (_, attempt) => {
    const sealed = seal("secret", "inst_1", key);
    expect(() => attempt(sealed)).toThrow();
  });
});
