import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { type MemberContext, requireMember } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

/**
 * For pages and layouts: the member context, or the right navigation instead of an error —
 * no session → the login page; not a member (or no such location) → 404, so other tenants'
 * ids reveal nothing. Cached per request, so the layout and the page share one lookup.
 */
export const loadMember = cache(async (locationId: string): Promise<MemberContext> => {
  try {
    return await requireMember(locationId);
  } catch (error) {
    if (isAppError(error) && error.code === "unauthorized") redirect("/login");
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
});
