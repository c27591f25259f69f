// Dispatch benchmark (issue 10, SPEC §6): how fast one process's outbox dispatcher hands queued
// messages to a gateway, with no pacing, against a fake of our `webhook` kind on loopback (signed
// requests, JSON answers). Baseline in the same run: the same number of bare POSTs of the same body
// to the same fake at the same concurrency (64 in flight) — what the machine's loopback HTTP allows.
// The ratio is the dispatcher's share of that (claims, decryption, signing, the `sent` writes).
// Runs in a child process on a fresh migrated SQLite file (the app's modules read DATABASE_URL once):
//   {"bench":"dispatch.sqlite","messages":N,"dispatch_per_s":N,"baseline_posts_per_s":N,"ratio":N}
// Run: npm run bench -- dispatch   (BENCH_DISPATCH_MESSAGES=4000)
import { pathToFileURL } from "node:url";
import { E2E_ENCRYPTION_KEY } from "../e2e/support/constants";
import { runChildOnScratchSqlite } from "./bench-child";

const MESSAGES = Number(process.env.BENCH_DISPATCH_MESSAGES ?? 4000);
const CONCURRENCY = 64;

export async function runDispatchBench(): Promise<void> {
  runChildOnScratchSqlite("bench-dispatch.ts", { ALLOW_PRIVATE_GATEWAYS: "1", ENCRYPTION_KEY: E2E_ENCRYPTION_KEY });
}

async function child(): Promise<void> {
  const { databaseUrl } = await import("@/lib/env");
  const { migrateDatabase } = await import("@/lib/db/migrate");
  const { db } = await import("@/lib/db/client");
  const { createContact, createInstance, createLocation } = await import("@/lib/seed/factories");
  const { connectWebhookGateway } = await import("@/e2e/support/vitest/sending-location");
  const { sendMessage } = await import("@/lib/routing/send-message");
  const { startDispatcher } = await import("@/lib/delivery/dispatcher");
  const { FakeWebhookGateway } = await import("@/e2e/fakes/fake-webhook-gateway");
  await migrateDatabase(databaseUrl());
  const secret = "bench-shared-secret-0123456789";
  const gateway = await new FakeWebhookGateway(null).start();

  // Baseline: bare signed-size POSTs to the same fake, 64 in flight.
  const body = JSON.stringify({
    type: "message.send",
    data: { messageId: "x".repeat(36), to: "+15552000001", body: "Your order has shipped" },
  });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < MESSAGES) {
        next++;
        await fetch(`${gateway.url}/send`, {
          method: "POST",
          headers: { "content-type": "application/json", "webhook-id": `msg_${next}` },
          body: body.replace("x".repeat(36), String(next).padStart(36, "0")),
        }).then((r) => r.text());
      }
    }),
  );
  const baseline = MESSAGES / ((performance.now() - started) / 1000);
  gateway.clear();
  gateway.sends.length = 0;

  const location = await createLocation(db, { name: "Dispatch bench" });
  const instance = await createInstance(db, {
    locationId: location.id,
    channel: "whatsapp",
    index: 1,
    phone: "+1 555 010 0001",
    label: "WA 1",
    status: "connected",
    isDefault: true,
  });
  await connectWebhookGateway(instance.id, `${gateway.url}/send`, { secret });
  const contacts = await Promise.all(
    Array.from({ length: 50 }, (_, k) =>
      createContact(db, { locationId: location.id, phone: `+1 555 200 ${String(k).padStart(4, "0")}`, name: `C${k}` }),
    ),
  );
  const ctx = { location: { id: location.id }, actor: { type: "system" as const, id: null, label: "bench" } };
  // Queue every message first (the dispatcher is not running yet), then time the draining alone.
  for (let k = 0; k < MESSAGES; k += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, MESSAGES - k) }, (_, j) =>
        sendMessage({
          ctx,
          input: { channel: "whatsapp", contactId: contacts[(k + j) % contacts.length].id, body: "Your order has shipped" },
          source: "api",
        }),
      ),
    );
  }
  const t0 = performance.now();
  const dispatcher = startDispatcher();
  for (;;) {
    const left = await db.message.count({ where: { locationId: location.id, status: "queued" } });
    if (left === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  dispatcher.stop();
  const sent = await db.message.count({ where: { locationId: location.id, status: "sent" } });
  if (sent !== MESSAGES || gateway.sends.length !== MESSAGES)
    throw new Error(`sent ${sent}, gateway took ${gateway.sends.length} of ${MESSAGES}`);
  const dispatchPerS = MESSAGES / seconds;
  console.log(
    JSON.stringify({
      bench: "dispatch.sqlite",
      messages: MESSAGES,
      dispatch_per_s: Math.round(dispatchPerS),
      baseline_posts_per_s: Math.round(baseline),
      ratio: Math.round((dispatchPerS / baseline) * 100) / 100,
    }),
  );
  await gateway.stop();
  await db.$disconnect();
  process.exit(0);
}

if (process.argv.includes("--child") && import.meta.url === pathToFileURL(process.argv[1]).href) await child();
