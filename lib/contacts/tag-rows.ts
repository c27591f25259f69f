// ContactTag rows: every tag's text in order; number tags also carry their channel and E.164 so
// the Doctor can query them. Read with the engine's own tag syntax, so the two never disagree.
import { readNumberTag } from "@/lib/engine/syntax";

export function tagRows(tags: readonly string[], defaultCountry: string) {
  return tags.map((value, position) => {
    const meaning = readNumberTag(value, defaultCountry);
    return { position, value, channel: meaning?.channel ?? null, phone: meaning?.phone ?? null };
  });
}
