import { createHash } from "node:crypto";

// Keys are 256 random bits, so a plain SHA-256 at rest is enough (no slow hash needed)
// and lets a request find its key with one indexed lookup.
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
