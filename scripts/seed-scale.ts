// Scale data for the dashboard benchmark: 100,000 contacts and 50,000 messages added to the first
// location (or --location ID) of the database at DATABASE_URL, in one transaction with prepared
// statements (better-sqlite3 directly: Prisma's per-row round trips would take minutes).
// Usage: DATABASE_URL=file:./prisma/bench.db node --import tsx scripts/seed-scale.ts [--contacts N] [--messages N] [--location ID]
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { dialectOf, sqliteFileOf } from "@/lib/db/dialect";
import { migrateSqlite } from "@/lib/db/migrate";
import { DAY_MS } from "@/lib/engine/time";
import { databaseUrl } from "@/lib/env";

export async function seedScale(file: string, options: { contacts?: number; messages?: number; locationId?: string } = {}) {
  const contacts = options.contacts ?? 100_000;
  const messages = options.messages ?? 50_000;
  migrateSqlite(file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const location = (
    options.locationId
      ? db.prepare("SELECT id FROM Location WHERE id = ?").get(options.locationId)
      : db.prepare("SELECT id FROM Location ORDER BY createdAt LIMIT 1").get()
  ) as { id: string } | undefined;
  if (!location) throw new Error("No location: run `npm run cli -- db seed` (or create one) first.");
  const L = location.id;
  const instances = db.prepare('SELECT id, channel, "index" AS idx, label, phone FROM Instance WHERE locationId = ?').all(L) as {
    id: string;
    channel: string;
    idx: number;
    label: string;
    phone: string;
  }[];
  const users = (db.prepare("SELECT userId FROM Membership WHERE locationId = ?").all(L) as { userId: string }[]).map((u) => u.userId);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
  const insertContact = db.prepare(
    "INSERT INTO Contact (id, locationId, phone, name, assignedUserId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const insertTag = db.prepare(
    "INSERT INTO ContactTag (id, locationId, contactId, position, value, channel, phone) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const insertMessage =
    db.prepare(`INSERT INTO Message (id, locationId, channel, contactId, instanceId, instanceIndex, instancePhone, instanceLabel, status, rule, errorCode, errorName, requestedBody, body, trace, warnings, source, createdAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const first = ["Maya", "Liam", "Noah", "Emma", "Olivia", "Ava", "Lucas", "Mia", "Ethan", "Zoe", "Ravi", "Chen", "Fatima", "Diego"];
  const last = ["Garcia", "Smith", "Nguyen", "Patel", "Kim", "Okafor", "Rossi", "Silva", "Cohen", "Jensen"];
  const ids: string[] = [];
  const started = Date.now();
  db.transaction(() => {
    for (let i = 0; i < contacts; i++) {
      const id = cuidish();
      ids.push(id);
      const created = iso(now - (i % 90) * DAY_MS - i * 1000);
      insertContact.run(
        id,
        L,
        `+1556${String(i).padStart(7, "0")}`,
        `${first[i % first.length]} ${last[(i * 7) % last.length]} ${i}`,
        i % 4 === 0 && users.length ? users[i % users.length] : null,
        created,
        created,
      );
      if (i % 10 === 0) insertTag.run(cuidish(), L, id, 0, "VIP", null, null);
      if (i % 25 === 0 && instances[0]?.phone)
        insertTag.run(cuidish(), L, id, 1, `wa: ${instances[0].phone}`, "whatsapp", instances[0].phone);
    }
    const rules = ["default_instance", "manual_override", "any_available", "contact_tag", "user_assignment"];
    for (let i = 0; i < messages; i++) {
      const inst = instances[i % instances.length];
      const failed = i % 17 === 0;
      const rule = rules[i % rules.length];
      const trace = JSON.stringify(
        rules
          .concat("temporary_switch")
          .slice(0, 6)
          .map((r, k) => ({
            step: k + 1,
            rule: r,
            outcome: k === 0 ? (failed ? "failed" : "matched") : "not_reached",
            detail: "Scale seed",
          })),
      );
      insertMessage.run(
        cuidish(),
        L,
        inst.channel,
        ids[(i * 13) % ids.length],
        failed ? null : inst.id,
        inst.idx,
        inst.phone,
        inst.label,
        failed ? "failed" : i % 3 ? "delivered" : "sent",
        rule,
        failed ? 106 : null,
        failed ? "no_number_available" : null,
        `Scale message ${i}`,
        `Scale message ${i}`,
        trace,
        "[]",
        "api",
        iso(now - Math.floor((i / messages) * 30 * DAY_MS)),
      );
    }
  })();
  db.close();
  return { locationId: L, contacts, messages, seconds: (Date.now() - started) / 1000 };
}

function cuidish() {
  return `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { contacts: { type: "string" }, messages: { type: "string" }, location: { type: "string" } } });
  if (dialectOf(databaseUrl()) !== "sqlite") {
    console.error("seed-scale writes a SQLite file directly: run it with DATABASE_URL=file:…");
    process.exit(2);
  }
  const result = await seedScale(sqliteFileOf(databaseUrl()), {
    contacts: values.contacts ? Number(values.contacts) : undefined,
    messages: values.messages ? Number(values.messages) : undefined,
    locationId: values.location,
  });
  console.log(JSON.stringify(result));
}
