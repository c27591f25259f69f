// Free text at the boundary (issue 9, finding 8): the one zod helper every schema that stores
// text people typed uses. Imports only zod, so the dashboard's forms share it.
//
// Refused, with a message that names the character and where it is:
// - C0/C1 control characters (NUL, BEL, ESC, DEL, U+0080–U+009F): invisible, truncate text in C
//   tools, corrupt logs and terminals; PostgreSQL cannot even store NUL.
// - Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make
//   text display in another order than it is stored and routed ("Trojan Source"); a
//   `wa:\u202E+1…` tag routed while the dashboard showed it reversed.
// - Unpaired UTF-16 surrogates: not Unicode; stored as U+FFFD, silently changing the text.
// Lines (names, labels, tags) also refuse tab and line breaks and the invisible direction marks
// (LRM U+200E, RLM U+200F, ALM U+061C). Message bodies keep \t \n \r and those marks: a message
// in Hebrew or Arabic needs them, and they do not reorder anything.
import { z } from "zod";

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what these are for.
const MESSAGE_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Surrogate}/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
const LINE_UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|\p{Surrogate}/u;

/** One line of text (a name, a label, a tag): trimmed, no control or bidi characters. */
export function lineText() {
  return z.string().trim().superRefine(refuse(LINE_UNSAFE));
}

/** Multi-line text (a message body): as typed, line breaks and tabs allowed. */
export function messageText() {
  return z.string().superRefine(refuse(MESSAGE_UNSAFE));
}

function refuse(unsafe: RegExp) {
  return (value: string, ctx: z.RefinementCtx) => {
    const match = unsafe.exec(value);
    if (match === null) return;
    ctx.addIssue({ code: "custom", message: `${describe(match[0])} at character ${match.index + 1}: remove it.` });
  };
}

function describe(char: string): string {
  const code = char.charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code >= 0xd800 && code <= 0xdfff) return `Contains an unpaired surrogate (${hex}), which is not valid Unicode,`;
  if (code <= 0x9f) return `Contains an invisible control character (${hex})`;
  return `Contains an invisible text-direction character (${hex}) that makes text display in another order`;
}

/**
 * The path of the first string holding NUL anywhere in a parsed input (ids, phones, enums…), or
 * null. PostgreSQL cannot store or even compare NUL (22021, a 500): the API and the server actions
 * refuse it for every field, not only the free-text ones above.
 */
export function pathOfNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") : null;
  if (value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    const found = pathOfNul(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}
