// `npm run simulate -- --gateway <kind>`: the simulator as a fake gateway of one kind. It starts that
// kind's fake from e2e/fakes/ on loopback (one per instance it takes), connects record-only instances
// of the kind's channel to it through the API (PATCH gateway), and then, round after round: sends
// messages that leave through the app's outbox (queued → sent), answers them with the kind's own
// delivery and read acks (and now and then a failure ack), makes the gateway misbehave (500, 429 with
// Retry-After, refusing connections for a few seconds), reports the kind's connection events (drops
// for every reason it can tell, reconnects) and posts inbound messages from contacts. At the end it
// waits for the outbox, disconnects the instances again (record-only) and prints what the API shows.
// The app must be allowed to reach loopback: start it with ALLOW_PRIVATE_GATEWAYS=1.
import { randomBytes } from "node:crypto";
import { FakeBlueBubbles } from "../e2e/fakes/fake-bluebubbles";
import { FakeEvolutionApi } from "../e2e/fakes/fake-evolution-api";
import type { FakeGatewayServer } from "../e2e/fakes/fake-gateway-server";
import { FakeTwilio } from "../e2e/fakes/fake-twilio";
import { FakeWaha } from "../e2e/fakes/fake-waha";
import { FakeWebhookGateway } from "../e2e/fakes/fake-webhook-gateway";

export const GATEWAY_SIM_KINDS = ["webhook", "evolution", "waha", "bluebubbles", "twilio"] as const;
type Kind = (typeof GATEWAY_SIM_KINDS)[number];

export type Api = <T>(method: string, path: string, body?: unknown) => Promise<{ status: number; json: T }>;

type Instance = {
  id: string;
  channel: string;
  index: number;
  phone: string | null;
  status: string;
  statusReason: string | null;
  gateway: { kind: string; url: string; inboundUrl: string } | null;
};
type Reply = { status: number; body: string };
type Ack = "delivered" | "read" | "failed";
type Reason = "transient" | "logged_out" | "banned";
/** A state the instance is brought to: the kind's event for it, or null when the kind has none to send. */
type Target = { status: "qr_pending" | "connecting" | "connected" | "disconnected"; reason?: Reason };

/** One kind's fake as the simulator drives it (one per connected instance). */
type SimGateway = {
  fake: FakeGatewayServer;
  /** The PATCH body's `gateway` (the fake must be started: its URL has the port). */
  input: () => Record<string, unknown>;
  /** The gateway's id for our message once the fake has it (what its acks name). */
  ref: (message: { id: string; body: string }) => string | null;
  ack: (url: string, ref: string, ack: Ack) => Promise<Reply>;
  inbound: (url: string, from: string, text: string, instancePhone: string | null) => Promise<Reply>;
  /** The kind's own connection event for `target`; null when the kind cannot report it (→ the status API). */
  status: (url: string, target: Target) => Promise<Reply> | null;
  /** The disconnect reasons the simulator cycles through (the kind's own where it can tell them apart). */
  drops: Reason[];
  /** Whether the kind posts connection events at all (BlueBubbles and Twilio do not: docs/gateways.md §7.2). */
  events: boolean;
};

const CHANNEL: Record<Kind, string> = {
  webhook: "whatsapp",
  evolution: "whatsapp",
  waha: "whatsapp",
  bluebubbles: "imessage",
  twilio: "sms",
};
const secret = () => randomBytes(12).toString("hex");

function simGateway(kind: Kind): SimGateway {
  switch (kind) {
    case "evolution": {
      const fake = new FakeEvolutionApi({ apiKey: `sim-${secret()}`, instance: "simulator" });
      // docs/gateways.md §7.1/§7.2: DELIVERY_ACK/READ/ERROR; close 408 (other codes) → transient, 401 → logged_out, 403 → banned.
      const closeCode: Record<Reason, number> = { transient: 408, logged_out: 401, banned: 403 };
      return {
        fake,
        input: () => ({ kind, url: fake.url, instance: fake.instance, credentials: { apiKey: fake.apiKey } }),
        ref: (m) => fake.messages.find((s) => s.message.conversation === m.body)?.key.id ?? null,
        ack: (url, ref, ack) =>
          fake.emitMessageUpdate(url, ref, ({ delivered: "DELIVERY_ACK", read: "READ", failed: "ERROR" } as const)[ack]),
        inbound: (url, from, text) => fake.emitInbound(url, from, text),
        status: (url, t) =>
          t.status === "qr_pending"
            ? fake.emitQrCode(url)
            : t.status === "connecting"
              ? fake.emitConnectionUpdate(url, "connecting")
              : t.status === "connected"
                ? fake.emitConnectionUpdate(url, "open")
                : fake.emitConnectionUpdate(url, "close", closeCode[t.reason ?? "transient"]),
        drops: ["transient", "logged_out", "transient", "banned"],
        events: true,
      };
    }
    case "waha": {
      const fake = new FakeWaha({ apiKey: `sim-${secret()}` });
      let stops = 0;
      // docs/gateways.md §7.1/§7.2: ack 2/3/−1; SCAN_QR_CODE, STARTING, WORKING; FAILED and STOPPED are both transient.
      return {
        fake,
        input: () => ({ kind, url: fake.url, session: fake.session, credentials: { apiKey: fake.apiKey } }),
        ref: (m) => fake.messages.find((s) => s.body === m.body)?.id ?? null,
        ack: (url, ref, ack) => fake.emitAck(url, ref, ({ delivered: 2, read: 3, failed: -1 } as const)[ack]),
        inbound: (url, from, text) => fake.emitInbound(url, from, text),
        status: (url, t) =>
          t.status === "qr_pending"
            ? fake.emitSessionStatus(url, "SCAN_QR_CODE")
            : t.status === "connecting"
              ? fake.emitSessionStatus(url, "STARTING")
              : t.status === "connected"
                ? fake.emitSessionStatus(url, "WORKING")
                : t.reason === "transient"
                  ? fake.emitSessionStatus(url, stops++ % 2 ? "STOPPED" : "FAILED")
                  : null,
        drops: ["transient"],
        events: true,
      };
    }
    case "bluebubbles": {
      const fake = new FakeBlueBubbles(`sim-${secret()}`);
      // docs/gateways.md §5.3/§7.1: updated-message dates, message-send-error; no sign-in state (§5.4).
      return {
        fake,
        input: () => ({ kind, url: fake.url, credentials: { password: fake.password } }),
        ref: (m) => fake.messages.find((s) => s.tempGuid === m.id)?.guid ?? null,
        ack: (url, ref, ack) => (ack === "failed" ? fake.emitSendError(url, ref) : fake.emitUpdated(url, ref, ack)),
        inbound: (url, from, text) => fake.emitInbound(url, { address: from, text }),
        status: () => null,
        drops: ["transient", "logged_out"],
        events: false,
      };
    }
    case "twilio": {
      const fake = new FakeTwilio();
      // docs/gateways.md §6.3/§7.1: status callbacks to the message's StatusCallback, signed; no account events.
      return {
        fake,
        input: () => ({ kind, url: fake.url, accountSid: fake.accountSid, credentials: { authToken: fake.authToken } }),
        ref: (m) => fake.messages.find((s) => s.body === m.body)?.sid ?? null,
        ack: (_url, ref, ack) => (ack === "failed" ? fake.emitStatus(ref, "undelivered", { errorCode: 30003 }) : fake.emitStatus(ref, ack)),
        inbound: (url, from, text, instancePhone) => fake.emitInbound(url, { from, to: instancePhone ?? "", body: text }),
        status: () => null,
        drops: ["transient", "logged_out"],
        events: false,
      };
    }
    case "webhook": {
      const key = secret();
      const fake = new FakeWebhookGateway(key);
      // Our own kind (lib/gateways/adapters/webhook.ts): message.delivery, instance.status, message.inbound.
      return {
        fake,
        input: () => ({ kind, url: fake.url, credentials: { secret: key } }),
        ref: (m) => (fake.sends.some((s) => s.messageId === m.id) ? m.id : null),
        ack: (url, ref, ack) =>
          fake.emit(url, "message.delivery", {
            messageId: ref,
            status: ack,
            ...(ack === "failed" && { error: "simulated: recipient blocked" }),
          }),
        inbound: (url, from, text) => fake.emit(url, "message.inbound", { from, body: text, providerMessageId: `sim-${secret()}` }),
        status: (url, t) => fake.emit(url, "instance.status", { status: t.status, reason: t.status === "disconnected" ? t.reason : null }),
        drops: ["transient", "logged_out", "transient", "banned"],
        events: true,
      };
    }
  }
}

type Link = { instance: Instance; sim: SimGateway; inboundUrl: string; restarting: Promise<void> | null };
type Tracked = { id: string; body: string; link: Link; ref: string | null; acked: Ack | null; fate: Ack; status: string };

const rand = (n: number) => Math.floor(Math.random() * n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const randomPhone = () => `+1555${String(9_000_000 + rand(1_000_000))}`;
const isLoopback = (url: string) => /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(url);

export async function simulateGateway(options: { api: Api; kind: Kind; rounds: number; delay: number; instances: number }) {
  const { api, kind, rounds, delay } = options;
  const channel = CHANNEL[kind];
  const tally: Record<string, number> = {};
  const count = (k: string) => (tally[k] = (tally[k] ?? 0) + 1);

  const all = (await api<{ data: Instance[] }>("GET", "/instances")).json.data;
  // Only record-only instances (or ones a previous run left on a loopback fake): a real gateway's
  // credentials are write-only, so the simulator could not give them back.
  const free = all.filter((i) => i.channel === channel && (i.gateway === null || isLoopback(i.gateway.url)));
  if (free.length === 0) throw new Error(`The location has no ${channel} instance without a gateway for the ${kind} simulator.`);
  const contacts = (await api<{ data: { phone: string }[] }>("GET", "/contacts?limit=100")).json.data;

  const links: Link[] = [];
  const cleanup = async () => {
    for (const link of links) {
      await link.restarting;
      await api("PATCH", `/instances/${link.instance.id}`, { gateway: null }).catch(() => undefined);
      await link.sim.fake.stop();
    }
  };
  const interrupted = () => void cleanup().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);

  try {
    for (const instance of free.slice(0, options.instances)) {
      const sim = simGateway(kind);
      await sim.fake.start();
      const r = await api<{ gateway?: { inboundUrl: string }; error?: { message: string; issues?: { path: string; message: string }[] } }>(
        "PATCH",
        `/instances/${instance.id}`,
        { gateway: sim.input() },
      );
      if (r.status !== 200) {
        await sim.fake.stop();
        const urlIssue = r.json.error?.issues?.find((i) => i.path === "gateway.url");
        if (urlIssue)
          throw new Error(
            `The app refused the simulated gateway at ${sim.fake.url} (${urlIssue.message}). The fake gateway listens on loopback: ` +
              "start the app with ALLOW_PRIVATE_GATEWAYS=1 to let it reach a gateway there, e.g.\n" +
              "  ALLOW_PRIVATE_GATEWAYS=1 PORT=3000 npm start",
          );
        throw new Error(`PATCH gateway on ${channel} #${instance.index} → ${r.status}: ${JSON.stringify(r.json)}`);
      }
      links.push({ instance, sim, inboundUrl: r.json.gateway!.inboundUrl, restarting: null });
      console.log(`${channel} #${instance.index} connected to a fake ${kind} gateway at ${sim.fake.url}`);
    }
    if (!links[0].sim.events)
      console.log(`(${kind} reports no connection state of its own: drops and reconnects go through POST /instances/{id}/status.)`);
    for (const link of links) await reconnect(link);

    const tracked: Tracked[] = [];
    const inboundFrom = new Set<string>();
    // 500 (retried; a kind that may have sent it first looks it up), 429 with Retry-After, 400 (refused
    // for good: failed, transport_failed), and the gateway refusing connections for a while.
    const faults = ["500", "429", "down", "400"] as const;
    let faultTurn = 0;
    let dropTurn = 0;
    console.log(`Simulating ${rounds} rounds of a ${kind} gateway (${links.length} instances)…`);

    for (let round = 1; round <= rounds; round++) {
      await advanceAcks(tracked);
      // The gateway misbehaves one round in four, a different way each time.
      if (round % 4 === 2) {
        const link = links[rand(links.length)];
        const fault = faults[faultTurn++ % faults.length];
        if (fault === "500") link.sim.fake.misbehave({ kind: "status", status: 500, body: { message: "simulated server error" } });
        if (fault === "400")
          link.sim.fake.misbehave({ kind: "status", status: 400, body: { message: "simulated: not a valid recipient" } });
        if (fault === "429")
          link.sim.fake.misbehave({
            kind: "status",
            status: 429,
            body: { message: "simulated rate limit" },
            headers: { "retry-after": "2" },
          });
        if (fault === "down" && !link.restarting) {
          await link.sim.fake.stop();
          link.restarting = sleep(3_000).then(async () => {
            await link.sim.fake.start();
            link.restarting = null;
          });
        }
        count(`gateway fault ${fault}`);
        console.log(
          `#${round} the ${kind} gateway of ${channel} #${link.instance.index}: ${fault === "down" ? "refusing connections for 3 s" : `answers the next send ${fault}`}`,
        );
      }
      // A connection event one round in three: a drop of a connected instance, or a reconnect.
      if (round % 3 === 0) {
        const link = links[rand(links.length)];
        if (link.instance.status === "connected") {
          const reason = link.sim.drops[dropTurn++ % link.sim.drops.length];
          await report(link, { status: "disconnected", reason });
        } else await reconnect(link);
      }
      // Two sends a round, through the connected instances (the outbox holds them while the gateway is down).
      const up = links.filter((l) => l.instance.status === "connected");
      for (let s = 0; s < 2 && up.length > 0; s++) {
        const link = up[rand(up.length)];
        const body = `Simulated ${kind} message ${round}.${s} ${secret().slice(0, 6)}`;
        const phone = contacts.length && rand(2) ? contacts[rand(contacts.length)].phone : randomPhone();
        const r = await api<{ id?: string; status?: string; error?: { code: string | number } }>("POST", "/messages", {
          channel,
          from: link.instance.id,
          phone,
          body,
        });
        count(`send → ${r.json.status ?? r.json.error?.code ?? r.status}`);
        if (r.status === 201 && r.json.id && r.json.status === "queued") {
          // One in eight gets a failure ack; of the others, every second one is read.
          const fate: Ack = tracked.length % 8 === 5 ? "failed" : tracked.length % 2 ? "read" : "delivered";
          tracked.push({ id: r.json.id, body, link, ref: null, acked: null, fate, status: "queued" });
        }
      }
      if (up.length === 0) count("round without a connected instance");
      // A contact writes one round in two: a known contact or a new number.
      if (round % 2 === 1) {
        const link = links[rand(links.length)];
        const from = contacts.length && rand(2) ? contacts[rand(contacts.length)].phone : randomPhone();
        const r = await link.sim.inbound(
          link.inboundUrl,
          from,
          `Simulated reply ${round} to ${link.instance.channel} #${link.instance.index}`,
          link.instance.phone,
        );
        count(`inbound → ${r.status}`);
        if (r.status === 200) inboundFrom.add(from);
      }
      await sleep(delay);
    }

    // Wind down: the gateways back up and connected, the outbox drained, the last acks given.
    for (const link of links) {
      await link.restarting;
      if (link.instance.status !== "connected") await reconnect(link);
    }
    const until = Date.now() + 30_000;
    while (Date.now() < until && tracked.some((m) => !finished(m))) {
      await advanceAcks(tracked);
      await sleep(500);
    }
    await advanceAcks(tracked);
    const statuses: Record<string, number> = {};
    for (const m of tracked) {
      const read = (await api<{ status: string; errorCode: string | null }>("GET", `/messages/${m.id}`)).json;
      const key = read.status === "failed" ? `failed (${read.errorCode})` : read.status;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    let found = 0;
    for (const phone of inboundFrom) {
      const listed = (await api<{ data: unknown[] }>("GET", `/contacts?phone=${encodeURIComponent(phone)}`)).json.data;
      if (listed.length === 1) found++;
    }
    const inbound = `${inboundFrom.size} senders wrote, ${found} found as contacts (GET /contacts?phone=)`;
    const states = links.map(
      (l) => `${channel} #${l.instance.index}: ${l.instance.status}${l.instance.statusReason ? `/${l.instance.statusReason}` : ""}`,
    );
    console.log(JSON.stringify({ kind, rounds, messages: statuses, inbound, instances: states, tally }, null, 2));
  } finally {
    process.off("SIGINT", interrupted);
    await cleanup();
    if (links.length)
      console.log(
        `Disconnected the simulated gateway again: ${links.map((l) => `${channel} #${l.instance.index}`).join(", ")} are record-only.`,
      );
  }

  function finished(m: Tracked) {
    return m.status === "failed" || (m.acked !== null && m.acked === m.fate);
  }

  /** Each message the gateway has got moves one step towards its fate: delivered, then read; or a failure ack. */
  async function advanceAcks(messages: Tracked[]) {
    for (const m of messages) {
      if (finished(m)) continue;
      m.status = (await api<{ status: string }>("GET", `/messages/${m.id}`)).json.status;
      if (m.status === "queued" || m.status === "failed") continue;
      m.ref ??= m.link.sim.ref(m);
      if (!m.ref || m.link.restarting) continue;
      const next: Ack = m.fate === "failed" ? "failed" : m.acked === null ? "delivered" : "read";
      const r = await m.link.sim.ack(m.link.inboundUrl, m.ref, next);
      count(`ack ${next} → ${r.status}`);
      if (r.status === 200) m.acked = next;
    }
  }

  /** The instance reaches `target` by the kind's own event, or through the status API when the kind has none. */
  async function report(link: Link, target: Target) {
    const label = target.status === "disconnected" ? `disconnected (${target.reason})` : target.status;
    const emitted = link.sim.status(link.inboundUrl, target);
    const via = emitted ? `${kind} event` : "status API";
    const status = emitted
      ? (await emitted).status
      : (await api("POST", `/instances/${link.instance.id}/status`, target.status === "disconnected" ? target : { status: target.status }))
          .status;
    const now = (await api<Instance>("GET", `/instances/${link.instance.id}`)).json;
    Object.assign(link.instance, { status: now.status, statusReason: now.statusReason });
    count(`status ${label} (${via}) → ${status}`);
    console.log(
      `${channel} #${link.instance.index} → ${label} by ${via}: now ${now.status}${now.statusReason ? `/${now.statusReason}` : ""}`,
    );
  }

  /** Back to connected along the status machine: a ban needs an admin's reset, a logout a new scan. */
  async function reconnect(link: Link) {
    const { status, statusReason } = link.instance;
    if (status === "connected") return;
    if (status === "disconnected" && statusReason === "banned") {
      // Only an admin resets a ban (API keys are admins): no gateway says it.
      await api("POST", `/instances/${link.instance.id}/status`, { status: "qr_pending" });
      count("status qr_pending (admin reset) → 200");
      Object.assign(link.instance, { status: "qr_pending", statusReason: null });
    }
    if (link.instance.status === "disconnected" && link.instance.statusReason === "logged_out")
      await report(link, { status: "qr_pending" });
    if (link.instance.status !== "connecting") await report(link, { status: "connecting" });
    await report(link, { status: "connected" });
  }
}
