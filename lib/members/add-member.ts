// Adds a member (SPEC §4–§5): an existing account (by e-mail) gets a membership and keeps its
// name and password; otherwise a new account is created with a generated password, returned once
// and never stored. Runs in the app (Settings) and in the CLI (`user add`), so it takes the client.

import type { ServiceContext } from "@/lib/audit/actor";
import { auditEntryData } from "@/lib/audit/audit-entry-data";
import { retryOnRace } from "@/lib/db/errors";
import { lockLocation } from "@/lib/db/location-lock";
import type { Role } from "@/lib/domain";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { memberSelect, memberView } from "@/lib/members/member-view";
import { newUserData } from "@/lib/members/new-user";

type Input = { email: string; name?: string; role: Role; password?: string };

export async function addMember(options: { db: PrismaClient; ctx: ServiceContext; input: Input }) {
  const { db, ctx } = options;
  const locationId = ctx.location.id;
  const email = options.input.email.trim().toLowerCase();
  const { role } = options.input;
  // A concurrent add of the same new e-mail loses on the unique index and runs again, then finds
  // the account the other one created (and shows no password: it did not set one).
  return retryOnRace(async () => {
    const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
    const fresh = existing ? null : await newUserData({ email, name: requireName(options.input.name), password: options.input.password });
    const member = await db.$transaction(async (tx) => {
      if (!(await lockLocation(tx, locationId))) throw new AppError("not_found", "Location not found.");
      const userId = existing?.id ?? (await tx.user.create({ data: fresh!.data, select: { id: true } })).id;
      const where = { userId_locationId: { userId, locationId } };
      const current = await tx.membership.findUnique({ where, select: { role: true, active: true } });
      if (current?.active) {
        throw new AppError("already_member", `${email} is already a member of this location (${current.role}).`, {
          status: 409,
          details: { field: "email" },
        });
      }
      // A deactivated membership comes back with the role asked for now.
      const row = current
        ? await tx.membership.update({ where, data: { role, active: true }, select: memberSelect })
        : await tx.membership.create({ data: { userId, locationId, role }, select: memberSelect });
      await tx.auditEntry.create({
        data: auditEntryData(ctx, {
          action: "member.added",
          entityType: "member",
          entityId: userId,
          after: { email, role, newAccount: !existing },
        }),
      });
      return memberView(row);
    });
    return { member, existingUser: !!existing, password: fresh?.generated ? fresh.password : null };
  });
}

function requireName(name: string | undefined): string {
  const trimmed = name?.trim();
  if (trimmed) return trimmed;
  const message = "No account has this e-mail yet: give the new member a name.";
  throw new AppError("invalid_request", message, { status: 400, details: { field: "name", issues: [{ path: "name", message }] } });
}
