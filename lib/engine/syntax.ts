// The per-channel syntax of SPEC §2 as data: a new channel or pattern is one row here, and the
// regular expressions are compiled from the rows once, at module load.
import { normalizePhone } from "./phone";
import { CHANNELS, type Channel } from "./types";

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
  whatsapp: { patterns: [{ kind: "override", token: "WA", examples: ["{{ WA#N }}", "{ WA#N }"] }], tagPrefix: "wa" },
  imessage: {
    patterns: [
      { kind: "override", token: "IM", examples: ["{IM#N}", "{{ IM#N }}"] },
      { kind: "temporary_switch", token: "TEMP-IM", examples: ["{TEMP-IM#N}"] },
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
const ANY_PATTERN = new RegExp(
  `\\{\\{?\\s*(?:${ROWS.map((r) => `(${tokenSource(r.token)})`).join("|")})\\s*#\\s*(\\d+)\\s*\\}\\}?`,
  "gi",
);

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
  return stripOwn(body, scanPatterns(body).filter((m) => m.channel === channel), channel);
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
export function stripMatches(body: string, matches: readonly PatternMatch[]): string {
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

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface NumberTag {
  /** Position in the contact's tag list (tag order decides rule 3). */
  readonly position: number;
  readonly tag: string;
  /** E.164, or null when the tag has the channel's prefix but no usable number. */
  readonly phone: string | null;
}
/** Shared, cached results: read them, never change them. */
export interface ParsedTags {
  readonly valid: readonly NumberTag[];
  readonly invalid: readonly NumberTag[];
}

const TAG = new RegExp(`^\\s*(${CHANNELS.map((c) => escape(CHANNEL_SYNTAX[c].tagPrefix)).join("|")})\\s*:\\s*(.*?)\\s*$`, "is");
const PREFIX_TO_CHANNEL = new Map(CHANNELS.map((c) => [CHANNEL_SYNTAX[c].tagPrefix.toLowerCase(), c]));

// Contacts are routed again and again with the same tags. Two memos, both referentially
// transparent: per tag text (what channel and number it names — most tags are free text and
// cost one lookup), and per tag list (checked against a copy, so an edited list is re-read).
type TagMeaning = { channel: Channel; phone: string | null } | null;
const MEANING_LIMIT = 100_000;
const meaningMemo = new Map<string, Map<string, TagMeaning>>();
interface ListEntry {
  country: string;
  raw: string[];
  parsed: Partial<Record<Channel, ParsedTags>>;
}
const listMemo = new WeakMap<readonly string[], ListEntry>();

/** The contact's number tags for `channel`, in tag order: valid ones (E.164) and invalid ones. */
export function parseTags(tags: readonly string[], channel: Channel, defaultCountry: string): ParsedTags {
  let entry = listMemo.get(tags);
  if (entry === undefined || entry.country !== defaultCountry || !sameList(entry.raw, tags)) {
    entry = { country: defaultCountry, raw: tags.slice(), parsed: {} };
    listMemo.set(tags, entry);
  }
  return (entry.parsed[channel] ??= parseList(tags, channel, defaultCountry));
}

function parseList(tags: readonly string[], channel: Channel, defaultCountry: string): ParsedTags {
  let meanings = meaningMemo.get(defaultCountry);
  if (meanings === undefined) meaningMemo.set(defaultCountry, (meanings = new Map()));
  let valid: NumberTag[] | null = null;
  let invalid: NumberTag[] | null = null;
  for (let position = 0; position < tags.length; position++) {
    const tag = tags[position];
    let meaning = meanings.get(tag);
    if (meaning === undefined) {
      if (meanings.size >= MEANING_LIMIT) meanings.clear();
      meanings.set(tag, (meaning = tagMeaning(tag, defaultCountry)));
    }
    if (meaning === null || meaning.channel !== channel) continue; // free text, or another channel
    const numberTag = { position, tag, phone: meaning.phone };
    if (meaning.phone === null) (invalid ??= []).push(numberTag);
    else (valid ??= []).push(numberTag);
  }
  return valid === null && invalid === null ? NO_TAGS : { valid: valid ?? [], invalid: invalid ?? [] };
}
const NO_TAGS: ParsedTags = { valid: [], invalid: [] };

function tagMeaning(tag: string, defaultCountry: string): TagMeaning {
  const m = TAG.exec(tag);
  if (m === null) return null;
  const channel = PREFIX_TO_CHANNEL.get(m[1].toLowerCase())!;
  return { channel, phone: m[2] === "" ? null : normalizePhone(m[2], defaultCountry) };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
