// The sign-in throttle's one statement behaves the same on both databases, and holds under
// parallel attempts: each case runs on a fresh migrated SQLite file and a fresh PostgreSQL database.
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/e2e/support/vitest/each-database";
import { reserveSignIn, SIGN_IN_POLICY, settleSignIn, type ThrottleKey, throttleKeys } from "@/lib/auth/throttle";
import type { createPrismaClient } from "@/lib/db/create-client";

type Db = ReturnType<typeof createPrismaClient>;
const S = 1000;
const account = (): ThrottleKey[] => [{ kind: "account", value: `${randomUUID()}@test.example` }];

await describeEachDatabase("sign-in throttle", (database) => {
  let db: Db;
  beforeAll(() => void (db = database.db));

  it("30 parallel attempts on one account: exactly 5 go ahead", async () => {
    const keys = account();
    const results = await Promise.all(Array.from({ length: 30 }, () => reserveSignIn(db, keys)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    for (const r of results.filter((r) => !r.allowed)) expect(r).toMatchObject({ retryAfterSeconds: expect.any(Number) });
  });

  it("5 attempts, then blocks of 30 s doubling to 15 min, one attempt after each", async () => {
    const keys = account();
    let now = Date.now();
    for (let i = 0; i < 5; i++) expect(await reserveSignIn(db, keys, now)).toEqual({ allowed: true });
    const blocks: number[] = [];
    for (let round = 0; round < 7; round++) {
      const refused = await reserveSignIn(db, keys, now);
      if (refused.allowed) throw new Error(`round ${round}: allowed`);
      blocks.push(refused.retryAfterSeconds);
      // Still blocked one second before the end, even for the right password (nothing is counted).
      expect(await reserveSignIn(db, keys, now + refused.retryAfterSeconds * S - S)).toMatchObject({ allowed: false });
      now += refused.retryAfterSeconds * S;
      expect(await reserveSignIn(db, keys, now)).toEqual({ allowed: true });
    }
    expect(blocks).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });

  it("a success clears the account's streak and refunds the IP one attempt", async () => {
    const ip = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const keys = throttleKeys(`${randomUUID()}@test.example`, ip);
    for (let i = 0; i < 4; i++) await reserveSignIn(db, keys);
    await reserveSignIn(db, keys);
    await settleSignIn(db, keys);
    expect(await db.signInThrottle.findUnique({ where: { key: `account:${keys[1].value}` } })).toBeNull();
    expect((await db.signInThrottle.findUniqueOrThrow({ where: { key: `ip:${ip}` } })).attempts).toBe(4);
    for (let i = 0; i < 5; i++) expect(await reserveSignIn(db, keys)).toEqual({ allowed: true });
  });

  it("an IP gets 50 attempts across accounts; once it is blocked, accounts are not charged", async () => {
    const ip = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const results = await Promise.all(
      Array.from({ length: 60 }, () => reserveSignIn(db, throttleKeys(`${randomUUID()}@test.example`, ip))),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(SIGN_IN_POLICY.limits.ip);
    const victim = `${randomUUID()}@test.example`;
    expect(await reserveSignIn(db, throttleKeys(victim, ip))).toMatchObject({ allowed: false });
    expect(await db.signInThrottle.findUnique({ where: { key: `account:${victim}` } })).toBeNull();
  });

  it("a key quiet for a day starts afresh", async () => {
    const keys = account();
    const now = Date.now();
    for (let i = 0; i < 6; i++) await reserveSignIn(db, keys, now);
    const later = now + SIGN_IN_POLICY.forgetAfterMs + S;
    for (let i = 0; i < 5; i++) expect(await reserveSignIn(db, keys, later)).toEqual({ allowed: true });
    expect(await reserveSignIn(db, keys, later)).toEqual({ allowed: false, retryAfterSeconds: 30 });
  });
});
