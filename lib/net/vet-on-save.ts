import "server-only";
import { AppError } from "@/lib/errors";
import { vetUrl } from "@/lib/net/guarded-post";
import type { AddressPolicy } from "@/lib/net/public-url";

/**
 * Save-time half of the URL guard: the schema refused what the URL itself says; here the name is
 * resolved and every address checked, so "hooks.corp.internal → 10.0.0.5" is refused on the field
 * now rather than at each delivery. A name that does not resolve yet is accepted: it is resolved
 * and checked again at every connection (lib/net/guarded-post.ts).
 */
export async function vetOnSave(field: string, url: string, policy: AddressPolicy) {
  const vetted = await vetUrl(url, { policy });
  if (vetted.ok || vetted.reason === "unresolved") return;
  throw new AppError("invalid_request", vetted.message, {
    status: 400,
    details: { field, issues: [{ path: field, message: vetted.message }] },
  });
}
