import "server-only";
// Messages counted per UTC day: the two charts that group by day. The day of a timestamp is
// database-specific (SQLite stores Prisma's ISO text, PostgreSQL a timestamp), so the SQL lives
// here, once per database; everything else goes through Prisma's portable queries.
import { db, dialect } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

const dayOf = () => Prisma.raw(dialect === "postgres" ? `to_char("createdAt", 'YYYY-MM-DD')` : `substr("createdAt", 1, 10)`);
/** The start of the UTC day `day` (YYYY-MM-DD) as each database compares createdAt. */
const since = (day: string) => (dialect === "postgres" ? Prisma.sql`${day}::timestamp` : Prisma.sql`${day}`);

/** Routed (not failed) messages per day, channel and instance index since `sinceDay`. */
export async function sendsPerDayByInstance(locationId: string, sinceDay: string) {
  const rows = await db.$queryRaw<{ day: string; channel: string; idx: number | null; n: bigint | number }[]>`
    SELECT ${dayOf()} AS day, "channel", "instanceIndex" AS idx, count(*) AS n
    FROM "Message" WHERE "locationId" = ${locationId} AND "createdAt" >= ${since(sinceDay)} AND "status" != 'failed'
    GROUP BY 1, 2, 3`;
  return rows.map((r) => ({ day: r.day, channel: r.channel, idx: r.idx === null ? null : Number(r.idx), n: Number(r.n) }));
}

/** One instance's messages per day and status since `sinceDay`. */
export async function messagesPerDayByStatus(locationId: string, instanceId: string, sinceDay: string) {
  const rows = await db.$queryRaw<{ day: string; status: string; n: bigint | number }[]>`
    SELECT ${dayOf()} AS day, "status", count(*) AS n
    FROM "Message" WHERE "locationId" = ${locationId} AND "instanceId" = ${instanceId} AND "createdAt" >= ${since(sinceDay)}
    GROUP BY 1, 2`;
  return rows.map((r) => ({ day: r.day, status: r.status, n: Number(r.n) }));
}
