import "server-only";
// Gateway credentials at rest (SPEC §1, §6): AES-256-GCM with the ENCRYPTION_KEY, a fresh 96-bit
// nonce per seal, the instance id as associated data (a sealed value copied onto another instance
// does not open). Sealed text: "v1.<nonce>.<ciphertext>.<tag>", base64url parts.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { encryptionKey } from "@/lib/env";

const VERSION = "v1";

export function seal(plaintext: string, associated: string, key: Buffer = encryptionKey()): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(associated, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, nonce, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/** Throws when the text was not sealed with this key for this `associated` value (or was altered). */
export function open(sealed: string, associated: string, key: Buffer = encryptionKey()): string {
  const [version, nonce, ciphertext, tag] = sealed.split(".");
  if (version !== VERSION || !nonce || ciphertext === undefined || !tag) throw new Error("Not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
  decipher.setAAD(Buffer.from(associated, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
