// kill -9 of a process holding outbox items in flight (SPEC §5, §6): the gateway took each first
// attempt and never answered (half of them after doing the work, half before), the holder died,
// the gateway came back. The survivors take the dead process's items over once its heartbeat
// stops, ask before sending again (the claim marks the item unknown; the `webhook` kind's answer
// is "send again with the same webhook-id"), and the gateway sends every message exactly once.
// A restart of the killed process on the same database and port sends nothing more. The victim
// is a third process started by this test (the cluster's two stay up for the other scenarios).
import { readFileSync } from "node:fs";
import path from "node:path";
import { TEST_HOST_MAP } from "../support/constants";
import { type AppProcess, killGroup, ROOT, startAppProcess } from "./cluster";
import { expect, phone, tally, test, whatsappPool } from "./fixtures";
import { connectInstances, repeated, sendRequests, startFakeGateway, waitUntilSent } from "./outbox";

const N = 40;
const VICTIM = 2;

test("kill -9 with messages in flight: taken over, asked before resending, each sent once; a restart sends nothing", async ({
  tenant,
  db,
  cluster,
}) => {
  test.setTimeout(120_000);
  const gateway = await startFakeGateway();
  const logFile = path.join(ROOT, "test-reports/scale-logs", `${cluster.kind}-outbox-victim-${Date.now().toString(36)}.log`);
  const victimOptions = {
    index: VICTIM,
    databaseUrl: cluster.databaseUrl,
    seedApiKey: cluster.seedApiKey,
    logFile,
    env: { TEST_HOST_MAP },
  };
  // The victim's boot id (its leases carry it) is the one live id the cluster's two did not have.
  await expect.poll(() => liveBootIds(), { message: "the cluster's processes beat" }).toHaveLength(2);
  const clusterIds = await liveBootIds();
  let victim: AppProcess = await startAppProcess(victimOptions);
  try {
    const t0 = await tenant({ instances: whatsappPool(4, "690") });
    const t = { ...t0, api: t0.api.on([...cluster.urls, victim.url]) };
    await connectInstances(t, gateway);
    await expect
      .poll(async () => (await liveBootIds()).filter((id) => !clusterIds.includes(id)), { message: "the victim beats" })
      .toHaveLength(1);
    const victimId = (await liveBootIds()).find((id) => !clusterIds.includes(id))!;

    // The cluster's CPU before any send, measured here because its processes do other periodic
    // work (each sweeps every location for alerts every second, in-process on SQLite) that grows
    // with the database the earlier scenarios left.
    const quiet = await cpuTicks([cluster.serverPid(0), cluster.serverPid(1)], 2_000);

    // The gateway takes every first attempt and never answers it.
    gateway.misbehave(...Array.from({ length: N }, (_, i) => ({ kind: i % 2 ? ("hang_after_processing" as const) : ("hang" as const) })));
    // Through the victim: its dispatcher claims at once, the others only at their next tick.
    const replies = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        t.api.post(VICTIM, "/messages", { channel: "whatsapp", phone: phone("691", i), body: `kill ${i}` }),
      ),
    );
    expect(tally(replies.map((r) => r.status))).toEqual({ 201: N });
    const ids = replies.map((r) => r.body.id as string);
    await expect.poll(() => gateway.requests.length, { message: "every first attempt reached the gateway" }).toBe(N);

    const leased = await db.outboxItem.findMany({
      where: { locationId: t.id, state: "pending" },
      select: { messageId: true, leaseOwner: true },
    });
    const onVictim = leased.filter((l) => l.leaseOwner === victimId).map((l) => l.messageId);
    expect(onVictim.length, "the victim held items in flight").toBeGreaterThan(0);
    const firstAttempts = sendRequests(gateway);
    // Meanwhile the other processes wait quietly: an item another process holds is not due. (It
    // was: each dispatcher claimed in a loop for as long as a send was in flight, ~30 ticks more in
    // 2 s per process on a busy 2-core machine than before the sends.)
    const busy = await cpuTicks([cluster.serverPid(0), cluster.serverPid(1)], 2_000);
    const more = busy.map((ticks, i) => ticks - quiet[i]);
    console.log(
      `[outbox-kill] ${onVictim.length} of ${N} items in flight on the victim; the others' CPU ticks in 2 s: ${busy} (before: ${quiet})`,
    );
    expect(
      Math.max(...more),
      `CPU ticks (1/100 s) in 2 s of the cluster's processes while the victim's sends hang, ${busy}, over ${quiet} before`,
    ).toBeLessThan(10);
    killGroup(victim.pid, "SIGKILL");
    await victim.exited;
    const killedAt = Date.now();
    // The gateway restarts: the survivors' hung requests break off (unknown outcome); it answers again.
    await gateway.stop();
    await gateway.start();
    await waitUntilSent(db, t.id, ids, 40_000);
    await new Promise((r) => setTimeout(r, 1_500));

    const requests = sendRequests(gateway);
    // Every request for a message carries its one webhook-id; the gateway did each message once.
    expect(requests.filter((r) => r.webhookId !== `msg_${r.messageId}`)).toEqual([]);
    expect(new Set(requests.map((r) => r.messageId))).toEqual(new Set(ids));
    expect(repeated(gateway.sends.map((s) => s.webhookId)), "messages the gateway sent more than once").toEqual({});
    expect(gateway.sends.length).toBe(N);
    expect(gateway.badSignatures).toEqual([]);
    // Each first attempt was answered by nothing, so each message was asked about and sent again, once.
    expect(firstAttempts.length).toBe(N);
    expect(tally(Object.values(tally(requests.map((r) => r.messageId))))).toEqual({ 2: N });
    // The victim's items were taken over after its death, not after the 5-minute lease, and each
    // taker went the "ask first" way (the claim of a lease never released marks the item unknown).
    const resends = requests.slice(N);
    const victimResends = resends.filter((r) => onVictim.includes(r.messageId));
    expect(victimResends.length).toBe(onVictim.length);
    expect(Math.max(...victimResends.map((r) => r.at)) - killedAt, "takeover time of the victim's items").toBeLessThan(15_000);
    const items = await db.outboxItem.findMany({
      where: { locationId: t.id },
      select: { messageId: true, state: true, unknownSince: true },
    });
    expect(tally(items.map((i) => i.state))).toEqual({ done: N });
    expect(items.filter((i) => onVictim.includes(i.messageId) && i.unknownSince === null)).toEqual([]);
    await expectStoredSent(ids);

    // The killed process comes back on the same port: it finds nothing left to send.
    const before = gateway.requests.length;
    victim = await startAppProcess({ ...victimOptions, port: victim.port });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(gateway.requests.length, "requests after the restart").toBe(before);
    expect(gateway.sends.length).toBe(N);
    await expectStoredSent(ids);
  } finally {
    killGroup(victim.pid, "SIGKILL");
    await gateway.stop();
  }

  /** CPU time (user + system, in ticks of 1/100 s) each process spends in the next `ms`. */
  async function cpuTicks(pids: (number | null)[], ms: number) {
    const read = (pid: number | null) => {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      return Number(fields[11]) + Number(fields[12]);
    };
    const before = pids.map(read);
    await new Promise((r) => setTimeout(r, ms));
    return pids.map((pid, i) => read(pid) - before[i]);
  }

  /** Boot ids of the processes whose heartbeat (every second) is fresh. */
  async function liveBootIds() {
    const rows = await db.appProcess.findMany({ where: { heartbeatAt: { gt: new Date(Date.now() - 2_500) } }, select: { id: true } });
    return rows.map((r) => r.id).sort();
  }

  /** Every message stored sent with the id the gateway gave it, and one `sent` step on its timeline. */
  async function expectStoredSent(ids: string[]) {
    const stored = await db.message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, providerMessageId: true } });
    expect(tally(stored.map((m) => m.status))).toEqual({ sent: N });
    const providerIds = new Map(gateway.sends.map((s) => [s.messageId, s.providerMessageId]));
    expect(stored.filter((m) => m.providerMessageId !== providerIds.get(m.id))).toEqual([]);
    expect(await db.messageStatusChange.count({ where: { messageId: { in: ids }, status: "sent" } })).toBe(N);
  }
});
