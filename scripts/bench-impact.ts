// Impact preview benchmark (issue 11, "On 50,000 messages it answers in under 2 s"): the use case
// behind POST /route/impact on a fresh migrated SQLite file holding 50,000 messages of the last 7
// days (2,000 contacts, a fifth of them tagged to #1; 10 WhatsApp numbers, #2 the default). The
// change disconnects the default, so most replayed messages reach rotation — the costliest path.
// Runs in a child process (the app's modules read DATABASE_URL once):
//   {"bench":"impact.sqlite","messages":N,"replayed":N,"changed_rows":N,"ms":[…],"best_ms":N}
// Run: npm run bench -- impact   (BENCH_IMPACT_MESSAGES=50000)
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { runChildOnScratchSqlite } from "./bench-child";

const MESSAGES = Number(process.env.BENCH_IMPACT_MESSAGES ?? 50_000);
const CONTACTS = 2000;
const INSTANCES = 10;
const RUNS = 3;

export async function runImpactBench(): Promise<void> {
  runChildOnScratchSqlite("bench-impact.ts");
}

async function child(): Promise<void> {
  const { databaseUrl } = await import("@/lib/env");
  const { migrateDatabase } = await import("@/lib/db/migrate");
  const { db } = await import("@/lib/db/client");
  const { createLocation, createWhatsappInstances } = await import("@/lib/seed/factories");
  const { routeImpact } = await import("@/lib/routing/route-impact");
  await migrateDatabase(databaseUrl());

  const location = await createLocation(db, { name: "Impact bench" });
  const instances = await createWhatsappInstances(db, { locationId: location.id, count: INSTANCES, defaultIndex: 2 });
  const contactIds = Array.from({ length: CONTACTS }, () => randomUUID());
  await db.contact.createMany({
    data: contactIds.map((id, k) => ({ id, locationId: location.id, phone: `+1555${String(2000000 + k)}`, name: `Contact ${k}` })),
  });
  await db.contactTag.createMany({
    data: contactIds
      .filter((_, k) => k % 5 === 0)
      .map((contactId) => ({
        locationId: location.id,
        contactId,
        position: 0,
        value: "wa:+15550100001",
        channel: "whatsapp",
        phone: "+15550100001",
      })),
  });
  const now = Date.now();
  const span = 7 * 24 * 60 * 60 * 1000 - 60_000;
  for (let start = 0; start < MESSAGES; start += 5000) {
    const data = [];
    for (let k = start; k < Math.min(MESSAGES, start + 5000); k++) {
      const instance = instances[1];
      data.push({
        id: randomUUID(),
        locationId: location.id,
        channel: "whatsapp",
        contactId: contactIds[k % CONTACTS],
        instanceId: instance.id,
        instanceIndex: 2,
        instancePhone: instance.phone,
        instanceLabel: instance.label,
        status: "sent",
        rule: "default_instance",
        requestedBody: k % 50 === 0 ? `Hello {{WA#3}} ${k}` : `Your order ${k} has shipped`,
        body: `Your order ${k} has shipped`,
        trace: "[]",
        source: "api",
        createdAt: new Date(now - span + Math.floor((k * span) / MESSAGES)),
      });
    }
    await db.message.createMany({ data });
  }

  const ms: number[] = [];
  let last = null;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    last = await routeImpact({
      ctx: { location: { id: location.id } },
      input: { days: 7, change: { disconnected: [instances[1].id] } },
      now,
    });
    ms.push(Math.round(performance.now() - started));
  }
  console.log(
    JSON.stringify({
      bench: "impact.sqlite",
      messages: MESSAGES,
      replayed: last?.replayed,
      changed_rows: last?.changed.length,
      ms,
      best_ms: Math.min(...ms),
    }),
  );
  await db.$disconnect();
}

if (process.argv.includes("--child") && import.meta.url === pathToFileURL(process.argv[1]).href) await child();
