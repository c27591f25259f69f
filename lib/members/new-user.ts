// The columns of a new account and the password to hand over. Pure: used by the member service
// (dashboard and CLI) and by the data factories of the seed and the tests.
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";

/**
 * Hash the given password, or generate one (16 url-safe characters, 96 bits) that the caller
 * shows once: it is stored only as its scrypt hash. Hashing (~40 ms) happens here, before any
 * transaction, so no database lock is held while it runs.
 */
export async function newUserData(input: { email: string; name: string; password?: string }) {
  const password = input.password ?? randomBytes(12).toString("base64url");
  const data = { email: input.email.trim().toLowerCase(), name: input.name.trim(), passwordHash: await hashPassword(password) };
  return { data, password, generated: input.password === undefined };
}
