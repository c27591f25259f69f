// Member management on both databases: add (new or existing account), change role, remove, the
// last-admin rule — also when two connections race to remove or demote the last two admins —
// and the audit entry of each change.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/e2e/support/vitest/each-database";
import type { ServiceContext } from "@/lib/audit/actor";
import { verifyPassword } from "@/lib/auth/password";
import { createPrismaClient } from "@/lib/db/create-client";
import type { Role } from "@/lib/domain";
import { addMember } from "@/lib/members/add-member";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { listMembers } from "@/lib/members/list-members";
import { removeMember } from "@/lib/members/remove-member";
import { createLocation, createUser } from "@/lib/seed/factories";

type Db = ReturnType<typeof createPrismaClient>;

await describeEachDatabase("members", (database) => {
  let db: Db;
  // A second client, as another app process or the CLI would have. On PostgreSQL it is a second
  // pool, so the two transactions really overlap. On SQLite two connections cannot race inside
  // one Node process (a lock wait is a synchronous busy-wait that stalls the other connection's
  // event loop too), so both go through one client as the app's own requests do; the race of
  // two processes on SQLite is e2e/ui/cli.spec.ts ("two CLI processes…").
  let other: Db;
  beforeAll(() => {
    db = database.db;
    other = database.kind === "PostgreSQL" ? createPrismaClient(database.url) : db;
  });
  afterAll(async () => {
    if (other !== db) await other?.$disconnect();
  });

  async function location(roles: Role[]) {
    const loc = await createLocation(db, { name: `Members ${randomUUID()}` });
    const users = [];
    for (const role of roles)
      users.push(
        (
          await createUser(db, {
            email: `${role}-${randomUUID()}@test.example`,
            name: role,
            password: "old-password-1",
            locationId: loc.id,
            role,
          })
        ).user,
      );
    const ctx: ServiceContext = { location: { id: loc.id }, actor: { type: "user", id: users[0]?.id ?? null, label: "tester" } };
    return { id: loc.id, users, ctx };
  }
  const audit = (locationId: string) =>
    db.auditEntry.findMany({
      where: { locationId, entityType: "member" },
      orderBy: { createdAt: "asc" },
      select: { action: true, entityId: true, before: true, after: true, actorLabel: true },
    });

  it("adds a new account with a generated password shown once, and an existing account without touching it", async () => {
    const loc = await location(["admin"]);
    const email = `New-${randomUUID()}@Test.example`;
    const added = await addMember({ db, ctx: loc.ctx, input: { email, name: "New Person", role: "agent" } });
    expect(added).toMatchObject({ existingUser: false, member: { email: email.toLowerCase(), name: "New Person", role: "agent" } });
    const stored = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(await verifyPassword(added.password!, stored.passwordHash)).toBe(true);
    expect(stored.passwordHash).not.toContain(added.password!);

    const elsewhere = await location(["admin"]);
    const again = await addMember({ db, ctx: elsewhere.ctx, input: { email, name: "Another Name", role: "support" } });
    expect(again).toMatchObject({ existingUser: true, password: null, member: { userId: stored.id, name: "New Person", role: "support" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: stored.id } })).passwordHash).toBe(stored.passwordHash);
    expect(await audit(loc.id)).toEqual([
      {
        action: "member.added",
        entityId: stored.id,
        before: null,
        after: JSON.stringify({ email: email.toLowerCase(), role: "agent", newAccount: true }),
        actorLabel: "tester",
      },
    ]);
  });

  it("refuses an active member twice, and a new account without a name (naming the field)", async () => {
    const loc = await location(["admin", "agent"]);
    const agent = loc.users[1];
    await expect(addMember({ db, ctx: loc.ctx, input: { email: agent.email, role: "admin" } })).rejects.toMatchObject({
      code: "already_member",
      status: 409,
      details: { field: "email" },
    });
    await expect(
      addMember({ db, ctx: loc.ctx, input: { email: `anon-${randomUUID()}@test.example`, name: " ", role: "agent" } }),
    ).rejects.toMatchObject({ status: 400, details: { field: "name" } });
    expect((await listMembers({ db, ctx: loc.ctx })).map((m) => m.role).sort()).toEqual(["admin", "agent"]);
  });

  it("changes roles and removes members, with an audit entry each; the last admin stays", async () => {
    const loc = await location(["admin", "agent"]);
    const [admin, agent] = loc.users;
    await expect(changeMemberRole({ db, ctx: loc.ctx, member: { userId: admin.id }, role: "agent" })).rejects.toMatchObject({
      code: "last_admin",
      status: 409,
    });
    await expect(removeMember({ db, ctx: loc.ctx, member: { email: admin.email } })).rejects.toMatchObject({ code: "last_admin" });
    expect(await changeMemberRole({ db, ctx: loc.ctx, member: { email: agent.email.toUpperCase() }, role: "admin" })).toMatchObject({
      previousRole: "agent",
      member: { role: "admin" },
    });
    expect(await changeMemberRole({ db, ctx: loc.ctx, member: { userId: admin.id }, role: "support" })).toMatchObject({
      previousRole: "admin",
    });
    await removeMember({ db, ctx: loc.ctx, member: { userId: admin.id } });
    await expect(removeMember({ db, ctx: loc.ctx, member: { userId: admin.id } })).rejects.toMatchObject({ code: "not_found" });
    await expect(removeMember({ db, ctx: loc.ctx, member: { userId: agent.id } })).rejects.toMatchObject({ code: "last_admin" });
    expect(await listMembers({ db, ctx: loc.ctx })).toEqual([expect.objectContaining({ userId: agent.id, role: "admin" })]);
    expect((await audit(loc.id)).map((e) => e.action)).toEqual(["member.role_changed", "member.role_changed", "member.removed"]);
    // The account itself stays (it may belong to other locations).
    expect(await db.user.count({ where: { id: admin.id } })).toBe(1);
  });

  it("does not count a deactivated admin as the other admin", async () => {
    const loc = await location(["admin", "admin"]);
    await db.membership.update({ where: { userId_locationId: { userId: loc.users[1].id, locationId: loc.id } }, data: { active: false } });
    await expect(removeMember({ db, ctx: loc.ctx, member: { userId: loc.users[0].id } })).rejects.toMatchObject({ code: "last_admin" });
    // Re-adding the deactivated member brings the membership back with the role asked for.
    expect(await addMember({ db, ctx: loc.ctx, input: { email: loc.users[1].email, role: "admin" } })).toMatchObject({
      existingUser: true,
      member: { role: "admin" },
    });
    await removeMember({ db, ctx: loc.ctx, member: { userId: loc.users[0].id } });
  });

  // Two connections race, over and over: each round leaves exactly one admin.
  const races: [string, (client: Db, ctx: ServiceContext, userId: string) => Promise<unknown>][] = [
    ["remove", (client, ctx, userId) => removeMember({ db: client, ctx, member: { userId } })],
    ["demote", (client, ctx, userId) => changeMemberRole({ db: client, ctx, member: { userId }, role: "agent" })],
  ];
  for (const [first, runFirst] of races) {
    for (const [second, runSecond] of races) {
      it(`${first} ‖ ${second} of the last two admins leaves one admin`, async () => {
        for (let round = 0; round < 6; round++) {
          const loc = await location(["admin", "admin"]);
          const [a, b] = loc.users;
          const results = await Promise.allSettled([runFirst(db, loc.ctx, a.id), runSecond(other, loc.ctx, b.id)]);
          expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
          expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "last_admin" } });
          expect(await db.membership.count({ where: { locationId: loc.id, role: "admin", active: true } })).toBe(1);
        }
      });
    }
  }
});
