import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db/client";
import { type Role, roleSchema } from "@/lib/domain";
import { AppError } from "@/lib/errors";

export type SessionUser = { id: string; email: string; name: string };
export type MemberContext = {
  user: SessionUser;
  location: { id: string; name: string };
  role: Role;
};

/** The signed-in user, read from the database (a deleted user's cookie stops working). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
});

/**
 * The one gate every server action, route handler and page calls: the signed-in user, their
 * active membership in `locationId` and its role, read fresh from the database on every request,
 * so a demotion or removal takes effect immediately. An unknown location and a location the user
 * is not a member of look the same (not_found), so ids of other tenants reveal nothing.
 */
export async function requireMember(locationId: string, allowed?: readonly Role[]): Promise<MemberContext> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
  return memberContext(user, locationId, allowed);
}

export async function memberContext(user: SessionUser, locationId: string, allowed?: readonly Role[]): Promise<MemberContext> {
  const membership = await db.membership.findFirst({
    where: { userId: user.id, locationId, active: true },
    select: { role: true, location: { select: { id: true, name: true } } },
  });
  if (!membership) throw new AppError("not_found", "Location not found.");
  const role = roleSchema.parse(membership.role);
  if (allowed && !allowed.includes(role)) {
    throw new AppError("forbidden", `Your role (${role}) cannot do this. Ask a location admin.`);
  }
  return { user, location: membership.location, role };
}

export async function listMemberships(userId: string) {
  const rows = await db.membership.findMany({
    where: { userId, active: true },
    select: { role: true, location: { select: { id: true, name: true } } },
    orderBy: { location: { name: "asc" } },
  });
  return rows.map((r) => ({ id: r.location.id, name: r.location.name, role: roleSchema.parse(r.role) }));
}
