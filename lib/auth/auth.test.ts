import { randomBytes, randomUUID, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkCredentials } from "@/lib/auth/check-credentials";
import { verifyPassword } from "@/lib/auth/password";
import { memberContext } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { removeMember } from "@/lib/members/remove-member";
import { createLocation, createUser } from "@/lib/seed/factories";

async function member(role: "admin" | "agent" | "support") {
  const location = await createLocation(db, { name: `Auth test ${randomUUID()}` });
  const email = `${role}-${randomUUID()}@test.example`;
  const { user } = await createUser(db, { email, name: role, password: "correct-horse-battery", locationId: location.id, role });
  return { location, user: { id: user.id, email, name: role } };
}

describe("sign-in", () => {
  it("accepts the right password", async () => {
    const { user } = await member("agent");
    expect(await checkCredentials({ email: user.email, password: "correct-horse-battery" }, "127.0.0.1")).toEqual({ id: user.id });
  });

  it("refuses a wrong password", async () => {
    const { user } = await member("agent");
    expect(await checkCredentials({ email: user.email, password: "wrong-password" }, "127.0.0.1")).toBeNull();
  });

  it("refuses an unknown email, still paying for a hash compare", async () => {
    const { user } = await member("agent");
    const time = async (email: string) => {
      const start = performance.now();
      expect(await checkCredentials({ email, password: "wrong-password" }, null)).toBeNull();
      return performance.now() - start;
    };
    const known = await time(user.email);
    const unknown = await time(`ghost-${randomUUID()}@test.example`);
    // Both paths run one scrypt (~tens of ms); without the dummy compare the unknown path is ~1 ms.
    expect(unknown).toBeGreaterThan(known * 0.4);
  });

  it("refuses malformed input without touching the database", async () => {
    expect(await checkCredentials({ email: "not-an-email", password: "" }, null)).toBeNull();
  });
});

describe("sign-in throttle (inside the credentials check)", () => {
  it("after 5 failures the account refuses even the right password, saying how long to wait", async () => {
    const { user } = await member("agent");
    for (let i = 0; i < 5; i++) expect(await checkCredentials({ email: user.email, password: `wrong-${i}` }, null)).toBeNull();
    await expect(checkCredentials({ email: user.email, password: "correct-horse-battery" }, null)).rejects.toMatchObject({
      name: "SignInThrottledError",
      message: "TooManyAttempts:30",
      retryAfterSeconds: 30,
    });
  });

  it("a success clears the account's failures", async () => {
    const { user } = await member("agent");
    for (let i = 0; i < 4; i++) await checkCredentials({ email: user.email, password: `wrong-${i}` }, null);
    expect(await checkCredentials({ email: user.email, password: "correct-horse-battery" }, null)).toEqual({ id: user.id });
    for (let i = 0; i < 5; i++) expect(await checkCredentials({ email: user.email, password: `wrong-${i}` }, null)).toBeNull();
  });
});

describe("password rehash on sign-in", () => {
  it("an old-cost hash signs in and is replaced by a new-cost one", async () => {
    const { user } = await member("agent");
    const old = legacyHash("correct-horse-battery");
    await db.user.update({ where: { id: user.id }, data: { passwordHash: old } });
    expect(await checkCredentials({ email: user.email, password: "correct-horse-battery" }, null)).toEqual({ id: user.id });
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(passwordHash).not.toBe(old);
    expect(passwordHash).toMatch(/^scrypt\$N=131072,r=8,p=1\$/);
    expect(await verifyPassword("correct-horse-battery", passwordHash)).toBe(true);
    // A wrong password never rewrites the hash.
    await db.user.update({ where: { id: user.id }, data: { passwordHash: old } });
    expect(await checkCredentials({ email: user.email, password: "wrong-password" }, null)).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(old);
  });
});

describe("membership gate", () => {
  it("gives a member their location and role", async () => {
    const { location, user } = await member("support");
    const ctx = await memberContext(user, location.id);
    expect(ctx).toMatchObject({ role: "support", location: { id: location.id } });
  });

  it("refuses a user without a membership in the location as not found", async () => {
    const a = await member("admin");
    const b = await member("admin");
    await expect(memberContext(a.user, b.location.id)).rejects.toMatchObject({ code: "not_found", status: 404 });
  });

  it("refuses a role the action does not allow", async () => {
    const { location, user } = await member("support");
    await expect(memberContext(user, location.id, ["admin"])).rejects.toMatchObject({ code: "forbidden", status: 403 });
  });

  it("takes a deactivated membership away on the next request", async () => {
    const { location, user } = await member("admin");
    await db.membership.updateMany({ where: { userId: user.id, locationId: location.id }, data: { active: false } });
    await expect(memberContext(user, location.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("applies a demotion on the next request", async () => {
    const { location, user } = await member("admin");
    await db.membership.updateMany({ where: { userId: user.id, locationId: location.id }, data: { role: "agent" } });
    await expect(memberContext(user, location.id, ["admin"])).rejects.toMatchObject({ code: "forbidden" });
  });

  // The member services change nothing in the session: the gate reads the membership per request.
  it("refuses the next request of a member removed through the member service", async () => {
    const { location, user } = await member("agent");
    const { user: admin } = await createUser(db, {
      email: `admin-${randomUUID()}@test.example`,
      name: "admin",
      locationId: location.id,
      role: "admin",
    });
    const ctx = await memberContext(user, location.id);
    expect(ctx.role).toBe("agent");
    await removeMember({
      db,
      ctx: { location, user: { id: admin.id, email: admin.email, name: admin.name } },
      member: { userId: user.id },
    });
    await expect(memberContext(user, location.id)).rejects.toMatchObject({ code: "not_found", status: 404 });
  });

  it("applies a demotion through the member service on the next request", async () => {
    const { location, user } = await member("admin");
    await createUser(db, { email: `admin-${randomUUID()}@test.example`, name: "other admin", locationId: location.id, role: "admin" });
    expect((await memberContext(user, location.id, ["admin"])).role).toBe("admin");
    await changeMemberRole({ db, ctx: { location }, member: { userId: user.id }, role: "support" });
    await expect(memberContext(user, location.id, ["admin"])).rejects.toMatchObject({ code: "forbidden", status: 403 });
    expect((await memberContext(user, location.id)).role).toBe("support");
  });
});

/** A hash as the app wrote them before (N=2^15, parameters implied). */
function legacyHash(password: string) {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 64, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 2 ** 20 });
  return `scrypt$32768$${salt.toString("base64")}$${key.toString("base64")}`;
}
