// The settings vocabularies of issue 11 (SPEC §2): the zod enums accept exactly the engine's
// tokens, and every token has a label for the settings form.
import { describe, expect, it } from "vitest";
import { FAILOVER_POLICY_LABELS, failoverPolicySchema, GEOMATCH_MODE_LABELS, geomatchModeSchema } from "@/lib/domain";

describe("settings vocabularies", () => {
  it.each([
    ["failover", failoverPolicySchema, FAILOVER_POLICY_LABELS, ["error", "next_rule"]],
    ["geomatch", geomatchModeSchema, GEOMATCH_MODE_LABELS, ["off", "country", "area_code"]],
  ] as const)("%s: the engine's tokens, each labelled", (_, schema, labels, tokens) => {
    expect(schema.options).toEqual(tokens);
    expect(Object.keys(labels)).toEqual(tokens);
    for (const token of tokens) expect(schema.parse(token)).toBe(token);
    expect(schema.safeParse("next-rule").success).toBe(false);
    expect(schema.safeParse("").success).toBe(false);
  });
});
