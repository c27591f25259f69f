// Phone numbers: normalise what people type (tags, `from`, settings) to E.164, and format E.164
// for people (trace details, UI). Country rules come from libphonenumber-js, never hand-written.
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";

// Keypad letters, so vanity numbers route: "+1-555-BILLING" is +15552455464.
const KEYPAD: Record<string, string> = {};
for (const [digit, letters] of Object.entries({ 2: "ABC", 3: "DEF", 4: "GHI", 5: "JKL", 6: "MNO", 7: "PQRS", 8: "TUV", 9: "WXYZ" })) {
  for (const letter of letters) KEYPAD[letter] = digit;
}
const LETTER = /[A-Za-z]/g;
const DIGIT = /\d/;

// The engine normalises the same tags and numbers on every message, and libphonenumber parsing
// costs microseconds; a memo keeps decisions fast. It is referentially transparent (same input,
// same output), so it does not break the engine's purity. Bounded so hostile input cannot grow it
// without limit: when full it is simply cleared.
const MEMO_LIMIT = 50_000;

/** Answers of `compute(raw, defaultCountry)`, kept per default country; cleared whole when full. */
class CountryMemo<T> {
  private readonly byCountry = new Map<string, Map<string, T>>();
  private size = 0;
  // The last country's memo: a process serves one default country almost always.
  private lastCountry = "";
  private last: Map<string, T> | undefined;

  constructor(private readonly compute: (raw: string, defaultCountry: string) => T) {}

  get(raw: string, defaultCountry: string): T {
    let memo = defaultCountry === this.lastCountry ? this.last : this.byCountry.get(defaultCountry);
    if (memo === undefined) this.byCountry.set(defaultCountry, (memo = new Map()));
    this.lastCountry = defaultCountry;
    this.last = memo;
    const hit = memo.get(raw);
    if (hit !== undefined) return hit;
    const result = this.compute(raw, defaultCountry);
    if (this.size >= MEMO_LIMIT) {
      for (const m of this.byCountry.values()) m.clear();
      this.size = 0;
    }
    memo.set(raw, result);
    this.size++;
    return result;
  }
}
const normalized = new CountryMemo(parse);
const formatMemo = new Map<string, string>();

/**
 * E.164 for `raw`, read with `defaultCountry` when it has no "+country" prefix, or null when it
 * is not a phone number. Separators are ignored and letters map to keypad digits. A number counts
 * when it is *possible* (right length for its country), not only when its range is assigned:
 * the fictional 555 numbers of the seeds, demo data and tests must work (see STACK-NOTES).
 */
export function normalizePhone(raw: string, defaultCountry: string): string | null {
  return normalized.get(raw, defaultCountry);
}

function parse(raw: string, defaultCountry: string): string | null {
  // Words with no digit at all ("call me") are text, not a vanity number.
  if (!DIGIT.test(raw)) return null;
  const digits = raw.replace(LETTER, (letter) => KEYPAD[letter.toUpperCase()]);
  try {
    const parsed = parsePhoneNumberFromString(digits, defaultCountry.toUpperCase() as CountryCode);
    if (!parsed?.isPossible()) return null;
    // E.164 caps a number at 15 digits (ITU-T E.164 §6.1); the library calls some longer German
    // ones possible ("ext. 1210BILLING" read in DE gave +4939812102455464): not a number we can send to.
    if (parsed.number.length > 16) return null;
    // Odd input can keep a trunk "0" inside the E.164 ("007 22 10007" read in BR gives +55072210007,
    // which reads back as +5572210007): answer the form that reads back as itself, or nothing.
    const again = parsePhoneNumberFromString(parsed.number);
    if (!again?.isPossible()) return null;
    if (again.number === parsed.number) return parsed.number;
    return parsePhoneNumberFromString(again.number)?.number === again.number ? again.number : null;
  } catch {
    return null; // an unknown default country: only "+country" numbers could parse, and did not
  }
}

/** "+15550000002" → "+1 555 000 0002" for people; anything unparseable is shown as given. */
export function formatPhone(e164: string | null): string {
  if (e164 === null) return "(no number)";
  const hit = formatMemo.get(e164);
  if (hit !== undefined) return hit;
  let text = e164;
  try {
    text = parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
  } catch {
    // keep the raw text: a trace must never fail because of a display format
  }
  if (formatMemo.size >= MEMO_LIMIT) formatMemo.clear();
  formatMemo.set(e164, text);
  return text;
}

/** Where a number is, for geomatch: its country (ISO 3166 code) and, for NANP (+1) numbers, its area code. */
export interface PhoneGeo {
  /** Null when the library cannot tell: a number the calling code shares among countries whose
   * range it does not recognise (the fictional +1 555 numbers), or no number at all. */
  country: string | null;
  /** The NANP area code (first three digits of the national number), null outside +1. */
  areaCode: string | null;
}
const NO_GEO: PhoneGeo = { country: null, areaCode: null };
const geos = new CountryMemo(readGeo);

/**
 * The country and NANP area code of `raw` (E.164, or read with `defaultCountry`), both from
 * libphonenumber-js: the country is the library's `country`, the area code the first three digits
 * of the library's parsed national number (the NPA of NANP's NPA-NXX-XXXX), never a slice of the
 * text as written. Memoised like normalizePhone.
 */
export function phoneGeo(raw: string | null | undefined, defaultCountry: string): PhoneGeo {
  return raw ? geos.get(raw, defaultCountry) : NO_GEO;
}

function readGeo(raw: string, defaultCountry: string): PhoneGeo {
  const e164 = normalizePhone(raw, defaultCountry);
  if (e164 === null) return NO_GEO;
  try {
    const parsed = parsePhoneNumberFromString(e164);
    if (parsed === undefined) return NO_GEO;
    const national = parsed.nationalNumber;
    const areaCode = parsed.countryCallingCode === "1" && national.length === 10 ? national.slice(0, 3) : null;
    return { country: parsed.country ?? null, areaCode };
  } catch {
    return NO_GEO;
  }
}
