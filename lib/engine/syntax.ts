// The per-channel syntax of SPEC §2 as data: a new channel or pattern is one row here, and the
// regular expressions are compiled from the rows once, at module load.
import { normalizePhone } from "./phone";
import { CHANNEL_TOKENS, CHANNELS, type Channel } from "./types";

export type PatternKind = "override" | "temporary_switch";
export interface PatternSyntax {
  kind: PatternKind;
  /** The letters before "#N", case-insensitive; a "-" may have spaces around it. */
  token: string;
  /** How the UI and docs show it. */
  examples: string[];
}
export interface ChannelSyntax {
  patterns: PatternSyntax[];
  /** Number-tag prefix, case-insensitive, before a colon: "wa: +1 555 …". */
  tagPrefix: string;
}

export const CHANNEL_SYNTAX: Record<Channel, ChannelSyntax> = {
  whatsapp: { patterns: [{ kind: "override", token: CHANNEL_TOKENS.whatsapp, examples: ["{{ WA#N }}", "{ WA#N }"] }], tagPrefix: "wa" },
  imessage: {
    patterns: [
      { kind: "override", token: CHANNEL_TOKENS.imessage, examples: ["{IM#N}", "{{ IM#N }}"] },
      { kind: "temporary_switch", token: `TEMP-${CHANNEL_TOKENS.imessage}`, examples: ["{TEMP-IM#N}"] },
    ],
    tagPrefix: "im",
  },
  sms: { patterns: [], tagPrefix: "sms" }, // SMS has no override and no temporary switch
};

export interface PatternMatch {
  channel: Channel;
  kind: PatternKind;
  index: number;
  text: string;
  start: number;
  end: number;
}

// One alternation over every pattern of every channel, so a body is scanned once whatever the
// channel. Braces may be single or double (and a mismatched pair such as "{{ WA#2 }" still counts
// and is stripped whole, so the recipient never sees half a pattern). N is matched as digits:
// "{WA#0}" is an override to a missing instance (error 101), not text to deliver.
const ROWS = CHANNELS.flatMap((channel) => CHANNEL_SYNTAX[channel].patterns.map((p) => ({ channel, ...p })));
const tokenSource = (token: string) => token.split("-").map(escape).join("\\s*-\\s*");
const ANY_PATTERN = new RegExp(`\\{\\{?\\s*(?:${ROWS.map((r) => `(${tokenSource(r.token)})`).join("|")})\\s*#\\s*(\\d+)\\s*\\}\\}?`, "gi");

/** Every channel's override / temporary-switch patterns in `body`, in order of appearance. */
export function scanPatterns(body: string): PatternMatch[] {
  if (body.indexOf("{") === -1) return NONE; // most messages: no regex work at all
  const found: PatternMatch[] = [];
  ANY_PATTERN.lastIndex = 0;
  for (let m = ANY_PATTERN.exec(body); m !== null; m = ANY_PATTERN.exec(body)) {
    let row = 0;
    while (m[row + 1] === undefined) row++;
    const { channel, kind } = ROWS[row];
    found.push({ channel, kind, index: Number(m[ROWS.length + 1]), text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return found;
}
const NONE: PatternMatch[] = [];

/** The body without `channel`'s patterns (other channels' patterns stay), and what was removed. */
export function stripPatterns(body: string, channel: Channel): { body: string; stripped: string[] } {
  return stripOwn(
    body,
    scanPatterns(body).filter((m) => m.channel === channel),
    channel,
  );
}

/**
 * Strips `own` (the channel's matches in `body`), then again while the result still holds one of
 * the channel's patterns: removing "{WA#1}" from "{ {WA#1}WA#2}" joins "{ WA#2}", and the
 * recipient must never see a pattern. Only the first scan's patterns route the message.
 */
export function stripOwn(body: string, own: readonly PatternMatch[], channel: Channel): { body: string; stripped: string[] } {
  const stripped = own.map((m) => m.text);
  let result = stripMatches(body, own);
  while (own.length > 0 && result.indexOf("{") !== -1) {
    own = scanPatterns(result).filter((m) => m.channel === channel);
    if (own.length === 0) break;
    for (const m of own) stripped.push(m.text);
    result = stripMatches(result, own);
  }
  return { body: result, stripped };
}

/**
 * Removes the matches and the whitespace they leave doubled, leading or trailing. Between two
 * pieces of text the "larger" whitespace run around a pattern is kept (a line break beats a
 * space), so paragraphs survive; a space left before punctuation ("Hi {WA#2}, Ann") goes.
 */
function stripMatches(body: string, matches: readonly PatternMatch[]): string {
  if (matches.length === 0) return body;
  let out = body.slice(0, matches[0].start);
  for (let i = 0; i < matches.length; i++) {
    const segment = body.slice(matches[i].end, i + 1 < matches.length ? matches[i + 1].start : body.length);
    const kept = out.trimEnd();
    const before = out.slice(kept.length);
    const rest = segment.trimStart();
    const after = segment.slice(0, segment.length - rest.length);
    if (kept === "") out = rest;
    else if (rest === "" && i + 1 === matches.length) out = kept;
    else if (after === "" && PUNCTUATION.test(rest)) out = kept + rest;
    else out = kept + wider(before, after) + rest;
  }
  return out;
}
const PUNCTUATION = /^[,.;:!?)\]]/;

function wider(a: string, b: string): string {
  const linesA = a.split("\n").length;
  const linesB = b.split("\n").length;
  if (linesA !== linesB) return linesA > linesB ? a : b;
  return a.length >= b.length ? a : b;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface NumberTag {
  /** Position in the contact's tag list (tag order decides rule 3). */
  readonly position: number;
  readonly tag: string;
  /** E.164, or null when the tag has the channel's prefix but no usable number. */
  readonly phone: string | null;
}
export interface ParsedTags {
  readonly valid: readonly NumberTag[];
  readonly invalid: readonly NumberTag[];
}

const TAG = new RegExp(`^\\s*(${CHANNELS.map((c) => escapeRegExp(CHANNEL_SYNTAX[c].tagPrefix)).join("|")})\\s*:\\s*(.*?)\\s*$`, "is");
const PREFIX_TO_CHANNEL = new Map(CHANNELS.map((c) => [CHANNEL_SYNTAX[c].tagPrefix.toLowerCase(), c]));
// First characters a channel's number tag can start with (its prefix letter in both cases, or
// whitespace): most tags are free text ("vip", "newsletter") and are passed over on one char.
const FIRST_CHARS = Object.fromEntries(
  CHANNELS.map((c) => {
    const table = new Uint8Array(128);
    const letter = CHANNEL_SYNTAX[c].tagPrefix[0];
    // Every ASCII character TAG's leading \s takes: space, \t, \n, \v, \f, \r (a fuzz run found "\vwa:").
    for (const ch of [letter.toLowerCase(), letter.toUpperCase(), " ", "\t", "\n", "\v", "\f", "\r"]) table[ch.charCodeAt(0)] = 1;
    return [c, table];
  }),
) as Record<Channel, Uint8Array>;
// TAG's leading \s also takes Unicode spaces (NBSP, U+3000, BOM…): a tag starting with one must be
// read in full, or routing would ignore a number tag the stored rows (and the Doctor) count.
const UNICODE_SPACE = /\s/;

/** What one tag text means: a number tag of `channel` with its E.164 (null: unusable number). */
export interface TagMeaning {
  readonly channel: Channel;
  readonly phone: string | null;
}

// Tag texts recur across messages and contacts; the memo (per default country) is referentially
// transparent — same text, same meaning — and bounded: cleared when full.
const MEANING_LIMIT = 100_000;
const meaningMemo = new Map<string, Map<string, TagMeaning | null>>();
const readers = Object.fromEntries(CHANNELS.map((c) => [c, new Map<string, TagReader>()])) as Record<Channel, Map<string, TagReader>>;

/** Reads tags for one channel and default country; get one with tagReader (they are shared). */
export class TagReader {
  private readonly first: Uint8Array;
  constructor(
    readonly channel: Channel,
    readonly country: string,
    private readonly memo: Map<string, TagMeaning | null>,
  ) {
    this.first = FIRST_CHARS[channel];
  }

  /** The number tag `tag` is for this channel, or null (free text, or another channel's tag). */
  read(tag: string): TagMeaning | null {
    const first = tag.charCodeAt(0);
    if (first < 128 ? this.first[first] !== 1 : !UNICODE_SPACE.test(tag[0] ?? "")) return null; // "" reads NaN
    let meaning = this.memo.get(tag);
    if (meaning === undefined) {
      if (this.memo.size >= MEANING_LIMIT) this.memo.clear();
      meaning = readTag(tag, this.country);
      this.memo.set(tag, meaning);
    }
    return meaning !== null && meaning.channel === this.channel ? meaning : null;
  }
}

export function tagReader(channel: Channel, defaultCountry: string): TagReader {
  let reader = readers[channel].get(defaultCountry);
  if (reader === undefined) {
    let memo = meaningMemo.get(defaultCountry);
    if (memo === undefined) meaningMemo.set(defaultCountry, (memo = new Map()));
    readers[channel].set(defaultCountry, (reader = new TagReader(channel, defaultCountry, memo)));
  }
  return reader;
}

/** The contact's number tags for `channel`, in tag order: valid ones (E.164) and invalid ones. */
export function parseTags(tags: readonly string[], channel: Channel, defaultCountry: string): ParsedTags {
  const reader = tagReader(channel, defaultCountry);
  const result: { valid: NumberTag[]; invalid: NumberTag[] } = { valid: [], invalid: [] };
  for (let position = 0; position < tags.length; position++) {
    const meaning = reader.read(tags[position]);
    if (meaning !== null)
      (meaning.phone === null ? result.invalid : result.valid).push({ position, tag: tags[position], phone: meaning.phone });
  }
  return result;
}

/** Any channel's number tag (its channel and E.164, null phone when unusable), or null for free
 * text. The one tag parser outside routing — stored tag rows, bulk tagging and the dashboard's tag
 * editor all read tags with it, so none can disagree with a decision. Uncached: not for the
 * routing hot path (that is tagReader). */
export function readNumberTag(tag: string, defaultCountry: string): TagMeaning | null {
  return readTag(tag, defaultCountry);
}

function readTag(tag: string, defaultCountry: string): TagMeaning | null {
  const m = TAG.exec(tag);
  if (m === null) return null;
  const channel = PREFIX_TO_CHANNEL.get(m[1].toLowerCase())!;
  return { channel, phone: m[2] === "" ? null : normalizePhone(m[2], defaultCountry) };
}
