// A per-location write lock for check-then-write rules that span several rows (e.g. "a location
// keeps at least one admin"), the same on both databases and across processes. It is the first
// statement of the transaction and writes the Location row:
// - PostgreSQL: the row lock is held to the commit, so a second transaction of the same location
//   waits here; after it, every statement of READ COMMITTED takes a fresh snapshot and sees what
//   the first one committed (a plain read-then-write would let both decide from the same rows);
// - SQLite: the first write of a transaction takes the database's one write lock (busy timeout
//   waits for it), so nothing else commits until this transaction ends.
// It bumps configVersion, which the changes it guards (memberships) bump anyway through their
// triggers. Pure SQL with bound parameters, valid on both databases; no "server-only": the CLI uses it.
import type { Prisma } from "@/lib/generated/prisma/client";

export async function lockLocation(tx: Pick<Prisma.TransactionClient, "$executeRaw">, locationId: string): Promise<boolean> {
  const updated = await tx.$executeRaw`UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" = ${locationId}`;
  return updated > 0;
}
