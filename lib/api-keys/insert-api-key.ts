import { randomBytes } from "node:crypto";
import { hashApiKey } from "@/lib/auth/api-key-hash";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// Takes the client as an argument (no "server-only"), so the CLI, the seed and the tests create
// keys exactly as the app does. The plain key is returned once; only its SHA-256 is stored.
export async function insertApiKey(db: PrismaClient, options: { locationId: string; name?: string; plainKey?: string }) {
  const key = options.plainKey ?? `nr_${randomBytes(32).toString("base64url")}`;
  const row = await db.apiKey.create({
    data: { locationId: options.locationId, name: options.name ?? "API key", prefix: key.slice(0, 10), hash: hashApiKey(key) },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  return { ...row, key };
}
