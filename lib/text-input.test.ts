import { describe, expect, it } from "vitest";
import { lineText, messageText, pathOfNul } from "@/lib/text-input";

const issue = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? null : result.error!.issues[0].message;

describe("free text at the boundary", () => {
  it.each([
    ["NUL", "a\u0000b", "U+0000", 2],
    ["BEL", "ring\u0007", "U+0007", 5],
    ["ESC", "\u001b[31mred", "U+001B", 1],
    ["DEL", "x\u007f", "U+007F", 2],
    ["C1 NEL", "x\u0085", "U+0085", 2],
    ["right-to-left override", "pay \u202Eevil", "U+202E", 5],
    ["left-to-right embedding", "\u202Ax", "U+202A", 1],
    ["first-strong isolate", "a\u2068b", "U+2068", 2],
    ["pop directional isolate", "a\u2069", "U+2069", 2],
    ["unpaired high surrogate", "oops \ud83d", "U+D83D", 6],
    ["unpaired low surrogate", "\ude00", "U+DE00", 1],
  ])("refuses %s in bodies and lines, naming it and where", (_name, text, hex, at) => {
    for (const schema of [messageText(), lineText()]) {
      const message = issue(schema.safeParse(text));
      expect(message).toContain(hex);
      expect(message).toContain(`character ${at}`);
    }
  });

  it("bodies keep line breaks, tabs, direction marks, emoji and every script", () => {
    for (const text of [
      "Line 1\r\nLine 2\n\tindented",
      "שלום \u200F(RLM) and \u200E(LRM) \u061C",
      "👋🏽 família 日本語 ﷺ",
      "\u00a0non-breaking\u2028separator",
    ]) {
      expect(messageText().safeParse(text)).toEqual({ success: true, data: text });
    }
  });

  it("lines refuse line breaks, tabs and direction marks, and are trimmed", () => {
    for (const text of ["two\nlines", "tab\there", "mark\u200Ex", "mark\u200Fx", "alm\u061Cx"])
      expect(lineText().safeParse(text).success).toBe(false);
    expect(lineText().safeParse("  Zoë 李 👋  ")).toEqual({ success: true, data: "Zoë 李 👋" });
    expect(lineText().safeParse("vip\n").success).toBe(true); // trailing whitespace is trimmed first
  });

  it("chains with length limits", () => {
    const schema = lineText().min(1, "required").max(5, "too long");
    expect(issue(schema.safeParse("   "))).toBe("required");
    expect(issue(schema.safeParse("abcdef"))).toBe("too long");
  });

  it("finds a NUL in any field of a parsed input", () => {
    expect(pathOfNul({ channel: "sms", contactId: "ab\u0000", n: 1 })).toBe("contactId");
    expect(pathOfNul({ ids: ["a", "b\u0000"] })).toBe("ids.1");
    expect(pathOfNul({ nested: { deep: [{ x: "\u0000" }] } })).toBe("nested.deep.0.x");
    expect(pathOfNul({ ok: "text", n: null, list: [1, true] })).toBeNull();
  });
});
