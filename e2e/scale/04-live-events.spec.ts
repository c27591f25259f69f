// Live events are fanned out through the database: a status change made through one process
// reaches the event streams open on every other process within 1 s (SPEC §5).

import { expect, test, whatsappPool } from "./fixtures";
import { openStream } from "./sse";

test("instance.status_changed made through one process reaches a stream on the other within 1 s", async ({ tenant }) => {
  const t = await tenant({ instances: whatsappPool(2, "640") });
  const id = t.instances["whatsapp#1"];
  const headers = { authorization: `Bearer ${t.key}` };
  const streams = await Promise.all([0, 1].map((p) => openStream(t.api.url(p, "/events"), headers)));
  try {
    for (const s of streams) expect(s.status).toBe(200);
    await Promise.all(streams.map((s) => s.opened));
    // Each change goes through one process; the delay is measured on the *other* process's stream.
    const steps = [
      { via: 0, report: { status: "disconnected", reason: "transient" } },
      { via: 1, report: { status: "connecting" } },
      { via: 0, report: { status: "connected" } },
      { via: 1, report: { status: "disconnected", reason: "logged_out" } },
    ] as const;
    const delays: { via: number; to: string; otherMs: number; sameMs: number }[] = [];
    for (const step of steps) {
      const other = streams[1 - step.via];
      const same = streams[step.via];
      const marks = [other.events.length, same.events.length];
      const started = performance.now();
      const reply = await t.api.post(step.via, `/instances/${id}/status`, step.report);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const match = (e: { event: string; data: string }) =>
        e.event === "instance.status_changed" && JSON.parse(e.data).instanceId === id && JSON.parse(e.data).to === step.report.status;
      const [onOther, onSame] = await Promise.all([other.waitFor(match, 5_000, marks[0]), same.waitFor(match, 5_000, marks[1])]);
      delays.push({
        via: step.via,
        to: step.report.status,
        otherMs: Math.round(onOther.at - started),
        sameMs: Math.round(onSame.at - started),
      });
    }
    test.info().annotations.push({ type: "delays", description: JSON.stringify(delays) });
    console.log(`[live-events] ${JSON.stringify(delays)}`);
    for (const d of delays) expect(d.otherMs, `change via process ${d.via} to ${d.to}: ${JSON.stringify(delays)}`).toBeLessThan(1000);
  } finally {
    await Promise.all(streams.map((s) => s.close()));
  }
});
