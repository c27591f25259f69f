import "server-only";
// Wakes this process's event hubs when another process (or the CLI) appended events — started
// with the first open stream, one per process:
// - PostgreSQL: one dedicated connection LISTENs on `nr_events`; the Event trigger NOTIFYs the
//   location id at commit. After a lost connection it reconnects and wakes every hub (a
//   notification may have been missed while it was down).
// - SQLite: `PRAGMA data_version` (changes when another connection committed) polled every
//   100 ms on this process's connection — a cheap read — and only then the ids of the locations
//   with new events.
// Plus, on both, a slow safety poll of every open location.
import pg from "pg";
import { dialectOf } from "@/lib/db/dialect";
import { sqliteConnection } from "@/lib/db/send-store-sqlite";
import { databaseUrl } from "@/lib/env";
import { openLocations, setWakeupStarter, wake, wakeAll } from "@/lib/events/event-hub";
import { processSingleton } from "@/lib/process-singleton";

const SQLITE_POLL_MS = 100;
const SAFETY_POLL_MS = 5_000;
const RECONNECT_MS = 1_000;

setWakeupStarter(() => processSingleton("event-wakeups", startWakeups));

function startWakeups(): { safetyPoll: ReturnType<typeof setInterval> } {
  if (dialectOf(databaseUrl()) === "postgres") listenPostgres();
  else pollSqlite();
  return { safetyPoll: setInterval(wakeAll, SAFETY_POLL_MS).unref() };
}

function listenPostgres(): void {
  const connect = async () => {
    const client = new pg.Client({ connectionString: databaseUrl() });
    let retried = false;
    const retry = () => {
      if (retried) return;
      retried = true;
      client.end().catch(() => undefined);
      setTimeout(() => void connect(), RECONNECT_MS).unref();
    };
    client.on("error", (error) => {
      console.error("[events] LISTEN connection failed:", error.message);
      retry();
    });
    client.on("end", retry);
    client.on("notification", (message) => {
      if (message.channel === "nr_events" && message.payload) wake(message.payload);
    });
    try {
      await client.connect();
      await client.query("LISTEN nr_events");
      wakeAll(); // whatever committed while we were not listening
    } catch (error) {
      console.error("[events] cannot LISTEN:", (error as Error).message);
      retry();
    }
  };
  void connect();
}

function pollSqlite(): void {
  const { db } = sqliteConnection();
  const version = db.prepare("PRAGMA data_version").pluck();
  const newest = db.prepare(`SELECT COALESCE(MAX(id), 0) FROM "Event"`).pluck();
  // One statement, one read snapshot: no event can slip between "which locations" and "up to where".
  const locationsAfter = db.prepare<[number], { locationId: string; maxId: number }>(
    `SELECT locationId, MAX(id) AS maxId FROM "Event" WHERE id > ? GROUP BY locationId`,
  );
  let lastVersion = version.get() as number;
  let lastId = newest.get() as number;
  setInterval(() => {
    try {
      const current = version.get() as number;
      if (current === lastVersion) return;
      lastVersion = current;
      if (openLocations().length === 0) {
        lastId = newest.get() as number;
        return;
      }
      for (const row of locationsAfter.all(lastId)) {
        lastId = Math.max(lastId, row.maxId);
        wake(row.locationId);
      }
    } catch (error) {
      // SQLITE_BUSY on a read cannot happen in WAL mode; anything else is logged and retried.
      console.error("[events] poll failed:", (error as Error).message);
    }
  }, SQLITE_POLL_MS).unref();
}
