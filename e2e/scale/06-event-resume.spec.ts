// Event ids resume without loss although concurrent transactions of two processes commit out of
// order (SPEC §5): a reader that keeps dropping its stream and reconnecting with Last-Event-ID,
// alternately on each process, ends with every event of the location exactly once, in order.

import { expect, phone, test, whatsappPool } from "./fixtures";
import { openStream, type TimedEvent } from "./sse";

const SENDS = 120;
const FLAPPERS = 4;
const STEPS_PER_FLAPPER = 20; // 4 × 20 = 80 status changes; 200 writes in all
const CYCLE = [{ status: "disconnected", reason: "transient" }, { status: "connecting" }, { status: "connected" }] as const;

test("a reader that disconnects at random and resumes with Last-Event-ID misses nothing", async ({ tenant, db }) => {
  test.setTimeout(90_000);
  // #1–#4 stay connected for the sends; #5–#8 flap between states in parallel.
  const t = await tenant({ instances: whatsappPool(4 + FLAPPERS, "660") });
  const headers = { authorization: `Bearer ${t.key}` };
  const received: TimedEvent[] = [];
  let writersDone = false;
  let reconnects = 0;
  let stop = false;

  const reader = (async () => {
    let proc = 0;
    let lastId: string = "0"; // the tenant is new: resume from the beginning
    while (!stop) {
      const stream = await openStream(t.api.url(proc, "/events"), headers, { lastEventId: lastId }).catch(() => null);
      if (stream) {
        // Drop the stream after a random number of events or a random time, whichever first.
        const budget = 1 + Math.floor(Math.random() * 15);
        const deadline = performance.now() + 20 + Math.random() * 280;
        while (!stop && stream.events.length < budget && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        await stream.close();
        for (const e of stream.events) received.push(e);
        const last = stream.events.at(-1);
        if (last?.id) lastId = last.id;
        reconnects++;
      }
      proc = 1 - proc;
    }
  })();

  const writers = (async () => {
    const sends = Promise.all(
      Array.from({ length: SENDS }, (_, i) =>
        t.api.post(i % 2, "/messages", { channel: "whatsapp", phone: phone("661", i), body: `resume ${i}` }),
      ),
    );
    const flaps = Promise.all(
      Array.from({ length: FLAPPERS }, async (_, f) => {
        const id = t.instances[`whatsapp#${5 + f}`];
        for (let s = 0; s < STEPS_PER_FLAPPER; s++) {
          const reply = await t.api.post((f + s) % 2, `/instances/${id}/status`, CYCLE[s % CYCLE.length]);
          expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        }
      }),
    );
    const [sent] = await Promise.all([sends, flaps]);
    expect(sent.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);
  })();
  try {
    await writers;
    writersDone = true;
  } catch (error) {
    stop = true;
    await reader;
    throw error;
  }

  // Every write has committed: the reader catches up with the log, then stops.
  const stored = await db.event.findMany({ where: { locationId: t.id }, select: { seq: true, type: true }, orderBy: { seq: "asc" } });
  const expected = stored.map((e) => `${e.seq} ${e.type}`);
  const target = stored.at(-1)?.seq ?? 0;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !(received.length >= stored.length && Number(received.at(-1)?.id ?? 0) >= target)) {
    await new Promise((r) => setTimeout(r, 100));
  }
  stop = true;
  await reader;
  test.info().annotations.push({
    type: "resume",
    description: `${stored.length} events, ${received.length} received over ${reconnects} connections`,
  });

  expect(writersDone).toBe(true);
  expect(stored.length).toBe(SENDS + FLAPPERS * STEPS_PER_FLAPPER);
  const ids = received.map((e) => Number(e.id));
  const outOfOrder = ids.findIndex((id, i) => i > 0 && !(id > ids[i - 1]));
  expect(outOfOrder, outOfOrder >= 0 ? `id ${ids[outOfOrder]} after ${ids[outOfOrder - 1]} (a duplicate or a step back)` : "").toBe(-1);
  const got = received.map((e) => `${e.id} ${e.event}`);
  expect(
    got.filter((x) => !expected.includes(x)),
    "streamed events that are not the location's stored events (id = seq)",
  ).toEqual([]);
  expect(
    expected.filter((x) => !got.includes(x)),
    "stored events the reader never got",
  ).toEqual([]);
  expect(got).toEqual(expected);
});
