// How a membership is read and shown, and how a command names one (the dashboard by user id,
// the CLI by e-mail). Pure: the services here run in the CLI as well as in the app.

import { type Role, roleSchema } from "@/lib/domain";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

export type MemberRef = { userId: string } | { email: string };

export const memberSelect = {
  id: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.MembershipSelect;

type MemberRow = Prisma.MembershipGetPayload<{ select: typeof memberSelect }>;

export type MemberView = { userId: string; name: string; email: string; role: Role; since: string };

export function memberView(row: MemberRow): MemberView {
  return {
    userId: row.user.id,
    name: row.user.name,
    email: row.user.email,
    role: roleSchema.parse(row.role),
    since: row.createdAt.toISOString(),
  };
}

/** The active membership `ref` names in the location, as a where clause (tenant first). */
export function memberWhere(locationId: string, ref: MemberRef): Prisma.MembershipWhereInput {
  const who = "userId" in ref ? { userId: ref.userId } : { user: { email: ref.email.trim().toLowerCase() } };
  return { locationId, active: true, ...who };
}

export function memberNotFound(): AppError {
  return new AppError("not_found", "No such member in this location.");
}

/** The rule of SPEC §4: a location always keeps an admin. */
export function lastAdminError(member: { email: string }, verb: "demoted" | "removed"): AppError {
  return new AppError(
    "last_admin",
    `${member.email} is the last admin of this location and cannot be ${verb}: make another member admin first.`,
    { status: 409 },
  );
}
