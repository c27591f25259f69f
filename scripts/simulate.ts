// `npm run simulate -- --url http://localhost:3000 --key <apiKey> [--rounds 40] [--delay 700]`:
// a gateway simulator that drives a running app through the HTTP API only — status changes
// (every drop reason, reconnects, rescans, a ban and an admin reset), sends with a mix of
// overrides, temporary switches, `from`, tags and plain messages, and delivery reports — so a
// person can watch the dashboard move. Bounded: it stops by itself after --rounds. Loopback only.
// `--gateway <kind> [--instances 2]` (webhook | evolution | waha | bluebubbles | twilio): the
// simulator is a fake gateway of that kind instead (./simulate-gateway.ts); the app must run with
// ALLOW_PRIVATE_GATEWAYS=1 to reach it on loopback.
import { parseArgs } from "node:util";
import { GATEWAY_SIM_KINDS, simulateGateway } from "./simulate-gateway";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    key: { type: "string" },
    rounds: { type: "string", default: "40" },
    delay: { type: "string", default: "700" },
    gateway: { type: "string" },
    instances: { type: "string", default: "2" },
  },
});
const USAGE =
  "Usage: npm run simulate -- --url http://localhost:3000 --key <apiKey> [--rounds 40] [--delay 700]\n" +
  `       [--gateway ${GATEWAY_SIM_KINDS.join("|")} [--instances 2]]   (the app started with ALLOW_PRIVATE_GATEWAYS=1)`;
const base = new URL(values.url!);
if (!["localhost", "127.0.0.1", "[::1]", "::1"].includes(base.hostname)) {
  console.error(`Refusing to drive ${base.hostname}: the simulator only talks to a local app (localhost / 127.0.0.1).`);
  process.exit(2);
}
if (!values.key) {
  console.error(USAGE);
  process.exit(2);
}
const gatewayKind = GATEWAY_SIM_KINDS.find((k) => k === values.gateway);
if (values.gateway !== undefined && !gatewayKind) {
  console.error(`Unknown --gateway ${values.gateway}.\n${USAGE}`);
  process.exit(2);
}
const rounds = Math.min(Math.max(Number(values.rounds) || 40, 1), 1000);
const delay = Math.min(Math.max(Number(values.delay) || 700, 0), 10_000);

type Instance = {
  id: string;
  channel: string;
  index: number;
  phone: string | null;
  label: string;
  status: string;
  statusReason: string | null;
};
type Contact = { id: string; phone: string; tags: string[] };

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(new URL(`/api/v1${path}`, base), {
    method,
    headers: { authorization: `Bearer ${values.key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : null) as T };
}

// What a gateway would report next from each state; drops cycle through every reason.
const DROPS = ["transient", "logged_out", "transient", "banned"] as const;
let dropTurn = 0;
function nextReport(i: Instance): { status: string; reason?: string } {
  if (i.status === "qr_pending") return { status: "connecting" };
  if (i.status === "connecting") return { status: "connected" };
  if (i.status === "connected") return { status: "disconnected", reason: DROPS[dropTurn++ % DROPS.length] };
  if (i.statusReason === "transient") return { status: "connecting" };
  return { status: "qr_pending" }; // logged_out → rescan; banned → admin reset (API keys are admins)
}

const rand = (n: number) => Math.floor(Math.random() * n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const instances = (await api<{ data: Instance[] }>("GET", "/instances")).json.data;
  const contacts = (await api<{ data: Contact[] }>("GET", "/contacts?limit=100")).json.data;
  if (instances.length === 0) throw new Error("The location has no instances: create some first.");
  const tally: Record<string, number> = {};
  const count = (k: string) => (tally[k] = (tally[k] ?? 0) + 1);
  console.log(`Simulating ${rounds} rounds against ${base.origin} (${instances.length} instances, ${contacts.length} contacts)…`);

  for (let round = 1; round <= rounds; round++) {
    // A status change on one instance in three rounds.
    if (round % 3 === 1) {
      const target = instances[rand(instances.length)];
      const report = nextReport(target);
      const r = await api<Instance & { error?: { code: string } }>("POST", `/instances/${target.id}/status`, report);
      if (r.status === 200) Object.assign(target, { status: r.json.status, statusReason: r.json.statusReason });
      count(`status ${report.status}${report.reason ? `/${report.reason}` : ""} → ${r.status}`);
      console.log(
        `#${round} ${target.channel} #${target.index} → ${report.status}${report.reason ? ` (${report.reason})` : ""}: ${r.status}`,
      );
    }
    // A few sends per round, with a mix of routing inputs.
    for (let s = 0; s < 3; s++) {
      const channel = ["whatsapp", "whatsapp", "imessage", "sms"][rand(4)];
      const same = instances.filter((i) => i.channel === channel);
      const pick = same[rand(Math.max(same.length, 1))];
      const contact = contacts.length && rand(3) > 0 ? contacts[rand(contacts.length)] : null;
      const mix = rand(6);
      let body = `Simulated message ${round}.${s}`;
      let from: string | undefined;
      if (mix === 0 && pick)
        body += channel === "whatsapp" ? ` {{ WA#${pick.index} }}` : channel === "imessage" ? ` {IM#${pick.index}}` : "";
      if (mix === 1 && channel === "imessage" && pick) body += ` {TEMP-IM#${pick.index}}`;
      if (mix === 2 && pick) from = pick.phone ?? pick.id;
      if (mix === 3) body += ` {{ WA#${9 + rand(3)} }}`; // an override to a missing number: 101 on WhatsApp
      const r = await api<{ id?: string; rule?: string; error?: { code: number | string } }>("POST", "/messages", {
        channel,
        body,
        from,
        ...(contact ? { contactId: contact.id } : { phone: `+1555${String(9_000_000 + rand(1_000_000))}` }),
      });
      count(r.status === 201 ? `sent ${r.json.rule}` : `failed ${r.json.error?.code}`);
      if (r.status === 201 && r.json.id && rand(4) > 0) {
        const d = await api(
          "POST",
          `/messages/${r.json.id}/delivery`,
          rand(8) === 0 ? { status: "failed", error: "simulated failure" } : { status: "delivered" },
        );
        count(`delivery → ${d.status}`);
      }
    }
    await sleep(delay);
  }
  console.log(JSON.stringify({ rounds, tally }, null, 2));
}

const instances = Math.min(Math.max(Number(values.instances) || 2, 1), 10);
const run = gatewayKind ? () => simulateGateway({ api, kind: gatewayKind, rounds, delay, instances }) : main;
run().catch((error) => {
  console.error(`Simulation stopped: ${(error as Error).message}`);
  process.exit(1);
});
