// Selection-engine benchmark (issue 3): a location with 50 instances per channel, contacts with
// 20 tags, a realistic mix of messages; issue 11 adds the conversation rule, failover next_rule
// (bound and used; bound but busy) and geomatch area_code (each over the same 50 instances per channel). One JSON line per case:
//   {"bench":"engine.<case>","ops_per_s":N,"p50_us":N,"p99_us":N,"wall_ops_per_s":N}
// Run: node --import tsx scripts/bench-engine.ts   (or scripts/bench.ts → runEngineBench)
//      BENCH_ONLY=mix,contact_tag to run some cases only.
import { pathToFileURL } from "node:url";
import { largeLocation, NOW } from "@/lib/engine/fixtures";
import { selectInstance } from "@/lib/engine/select";
import { DAY_MS } from "@/lib/engine/time";
import {
  CHANNELS,
  type Channel,
  type EngineContact,
  type LocationSnapshot,
  type RotationState,
  type SelectInput,
} from "@/lib/engine/types";
import { warmingInfo } from "@/lib/engine/warming";
import { toEngineSnapshot } from "@/lib/routing/to-engine-snapshot";

const PER_CHANNEL = 50;
const TAGS_PER_CONTACT = 20;
const CONTACTS = 2_000;
const BATCH = 256;
const AREA_CODES = ["212", "310", "416", "305", "415", "617", "312", "713", "206", "404"];

export async function runEngineBench(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(",");
  for (const [name, make] of Object.entries(buildCases())) {
    if (only && !only.includes(name)) continue;
    console.log(JSON.stringify({ bench: `engine.${name}`, ...measure(make) }));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

type Make = (i: number) => SelectInput;

function buildCases(): Record<string, Make> {
  const rr = asService(largeLocation(PER_CHANNEL));
  const leastUsed = asService(largeLocation(PER_CHANNEL, "least_used"));
  const weighted = asService(largeLocation(PER_CHANNEL, "health_weighted"));
  const sticky = asService({ ...rr, stickySender: true });
  // Bound to numbers that can send (connected, warmed, healthy): every decision is the rule's.
  const bound = sticky.instances
    .filter(
      (x) =>
        x.channel === "whatsapp" && x.status === "connected" && x.healthScore >= sticky.minHealth && !warmingInfo(x, sticky, NOW).warming,
    )
    .map((x) => x.id);
  // Bound to numbers that are there but busy now (a transient drop, health under the minimum, a
  // warming number at today's limit): skipped with the binding kept, and the default sends.
  const busy = sticky.instances
    .filter(
      (x) =>
        x.channel === "whatsapp" &&
        ((x.status === "disconnected" && x.statusReason === "transient") ||
          (x.status === "connected" &&
            (x.healthScore < sticky.minHealth || (warmingInfo(x, sticky, NOW).dailyLimit ?? Infinity) <= x.sendsToday))),
    )
    .map((x) => x.id);
  const failover = asService({ ...rr, failover: "next_rule" });
  const geo = asService({
    ...rr,
    geomatch: "area_code",
    instances: rr.instances.map((x) => ({
      ...x,
      phone: x.phone && `+1${AREA_CODES[x.index % 10]}555${String(x.index).padStart(4, "0")}`,
    })),
  });
  const contactAreas = [...AREA_CODES, "646", "202"];
  const contactPhone = (i: number) => `+1${contactAreas[i % contactAreas.length]}555${String(9000 + (i % 1000))}`;
  // Contacts as the service gets them: parsed from the database row for each request (fresh
  // objects and strings), 20 tags each — number tags among free-text ones.
  const tagged = Array.from({ length: CONTACTS }, (_, i) => JSON.stringify(contact(i, true)));
  const plain = Array.from({ length: CONTACTS }, (_, i) => JSON.stringify(contact(i, false)));
  // Cases that change a contact field read it with the row (not spread onto a parsed copy
  // afterwards, which cost the decision a copied object and a phone text built piece by piece).
  // Bound contacts are read with their binding (a day old) and no assignment, as the service
  // reads the contact row and its binding: every decision is the conversation rule's.
  const withBinding = (ids: string[]) =>
    Array.from({ length: CONTACTS }, (_, i) =>
      JSON.stringify({ ...contact(i, false), assignedUserId: null, binding: { instanceId: ids[i % ids.length], at: NOW - DAY_MS } }),
    );
  const geoRows = Array.from({ length: CONTACTS }, (_, i) =>
    JSON.stringify({ ...contact(i, false), assignedUserId: null, phone: contactPhone(i) }),
  );
  // Contacts assigned to a user, read with the assignment (as above).
  const assignedTo = (user: (i: number) => string) =>
    Array.from({ length: CONTACTS }, (_, i) => JSON.stringify({ ...contact(i, false), assignedUserId: user(i) }));
  const assignedRows = assignedTo((i) => `user-${1 + (i % 30)}`);
  const droppedAssignedRows = assignedTo((i) => `user-${3 + 10 * (i % 3)}`);
  const boundRows = withBinding(bound);
  const busyRows = withBinding(busy);
  const load = (rows: string[], i: number): EngineContact => JSON.parse(rows[i % CONTACTS]);
  const input = (
    location: LocationSnapshot,
    channel: Channel,
    body: string,
    who: EngineContact,
    from: SelectInput["from"] = null,
  ): SelectInput => ({
    channel,
    body,
    from,
    contact: who,
    location,
    rotation: {},
    now: NOW,
  });
  const cases: Record<string, Make> = {
    override: (i) => input(rr, "whatsapp", `Your order has shipped {{ WA#${1 + (i % 12)} }}, thanks!`, load(plain, i)),
    temp_switch: (i) => input(rr, "imessage", `Quick update from our support line {TEMP-IM#${1 + (i % 12)}}`, load(plain, i)),
    from_sender: (i) =>
      input(rr, "whatsapp", "Invoice attached", load(plain, i), { phone: `+1 555 000 ${String(1 + (i % 40)).padStart(4, "0")}` }),
    contact_tag: (i) => input(rr, CHANNELS[i % CHANNELS.length], "Hi! Your invoice is ready.", load(tagged, i)),
    user_assignment: (i) => input(rr, "whatsapp", "Following up on your request", load(assignedRows, i)),
    default_instance: (i) => input(rr, "whatsapp", "Thanks for reaching out, we'll reply shortly.", load(plain, i)),
    rotation_round_robin: (i) => input(rr, "sms", "Your code is 1234", load(plain, i)),
    rotation_least_used: (i) => input(leastUsed, "sms", "Your code is 1234", load(plain, i)),
    rotation_health_weighted: (i) => input(weighted, "sms", "Your code is 1234", load(plain, i)),
    errors: (i) => input(rr, "whatsapp", i % 2 ? "Reminder {WA#99}" : "Two senders {WA#1} {WA#2}", load(plain, i)),
    // Issue 11. The conversation rule: every contact bound (a day ago) to one of the connected
    // WhatsApp numbers, which sends — the rule that now decides most replies of a sticky location.
    conversation: (i) => input(sticky, "whatsapp", "Following up on your request", load(boundRows, i)),
    conversation_busy: (i) => input(sticky, "whatsapp", "Following up on your request", load(busyRows, i)),
    // Failover next_rule: an override to a missing number (101) or an assignment to a dropped
    // number (105) is recorded, warned and passed over; the default sends.
    failover_next_rule: (i) =>
      i % 2
        ? input(failover, "whatsapp", "Reminder {WA#99}", load(plain, i))
        : input(failover, "whatsapp", "Following up", load(droppedAssignedRows, i)),
    // Geomatch area_code over 50 SMS numbers spread across ten real area codes; the contacts'
    // numbers across those and two codes no number has (the country tier).
    geomatch_area_code: (i) => input(geo, "sms", "Your code is 1234", load(geoRows, i)),
  };
  // The realistic mix, weighted roughly as CRM workflows send: mostly plain messages (tags,
  // assignments, default, rotation), some overrides and switches, a few errors.
  const weights: [Make, number][] = [
    [cases.contact_tag, 30],
    [cases.user_assignment, 15],
    [cases.default_instance, 20],
    [cases.rotation_round_robin, 15],
    [cases.override, 10],
    [cases.temp_switch, 4],
    [cases.from_sender, 3],
    [cases.errors, 3],
  ];
  const wheel = weights.flatMap(([make, weight]) => Array<Make>(weight).fill(make));
  cases.mix = (i) => wheel[(i * 37) % wheel.length](i);
  // Worst case for memory: the same 2,000 contacts kept alive and routed again and again, their
  // tags scattered in the old generation rather than freshly loaded (and cache-warm).
  const resident = Array.from({ length: CONTACTS }, (_, i) => cases.mix(i).contact);
  cases.mix_resident_contacts = (i) => ({ ...cases.mix(i), contact: resident[i % CONTACTS] });
  // A new snapshot object for every message (a service that does not keep snapshots): the
  // per-snapshot lookup tables are rebuilt each time.
  cases.mix_new_snapshot = (i) => {
    const base = cases.mix(i);
    return { ...base, location: { ...base.location, instances: base.location.instances.slice() } };
  };
  return cases;
}

/**
 * The snapshot as the service builds it: through the service's own toEngineSnapshot, from the
 * database rows the fixture stands for. Every case's location and instances then have the one
 * object shape the service's have — a policy or a phone spread onto a copy gives the copy a
 * hidden class of its own, which production never sees and which makes the engine's property
 * reads polymorphic (geomatch lost ~15% to it when it ran after the cases that share its code).
 */
function asService(location: LocationSnapshot): LocationSnapshot {
  const row = {
    id: location.id,
    defaultCountry: location.defaultCountry,
    rotationStrategy: location.rotationStrategy,
    warmingDays: location.warmingDays,
    warmingDailyLimits: JSON.stringify(location.warmingDailyLimits),
    minHealth: location.minHealth,
    stickySender: location.stickySender,
    stickyDays: location.stickyDays,
    failover: location.failover,
    geomatch: location.geomatch,
  };
  const instances = location.instances.map((x) => ({
    ...x,
    firstConnectedAt: x.firstConnectedAt === null ? null : new Date(x.firstConnectedAt),
    userInstances: x.assignedUserIds.map((userId) => ({ userId })),
  }));
  return toEngineSnapshot(row, instances, new Map(location.instances.map((x) => [x.id, x.sendsToday])));
}

function contact(i: number, withNumberTags: boolean): EngineContact {
  const words = ["vip", "newsletter", "lead", "customer", "2024-cohort", "spanish", "priority", "returning", "wholesale", "beta"];
  const tags = Array.from({ length: TAGS_PER_CONTACT }, (_, k) => `${words[(i + k) % words.length]}-${k}`);
  if (withNumberTags) {
    // Number tags in mixed formats: connected instances, dropped ones, an unknown number, a
    // vanity number, an invalid one — so rule 3 matches, fails (103/104) and warns.
    const n = (k: number) => String(1 + ((i * 7 + k) % PER_CHANNEL)).padStart(4, "0");
    tags.splice(
      i % 5,
      6,
      `wa: +1 555 000 ${n(0)}`,
      `WA:+1-555-000-${n(3)}`,
      `im: (555) 300-${n(1)}`,
      `sms:+1.555.400.${n(2)}`,
      i % 11 === 0 ? "wa: call me" : "wa: +1-555-BILLING",
      `im:+1 555 999 ${n(5)}`,
    );
  }
  return { id: `c${i}`, phone: `+1555200${String(i).padStart(4, "0")}`, tags, assignedUserId: i % 4 === 0 ? `user-${1 + (i % 40)}` : null };
}

interface Result {
  ops_per_s: number;
  p50_us: number;
  p99_us: number;
  wall_ops_per_s: number;
}

/**
 * Inputs are built a batch at a time, outside the timed part. ops_per_s is decisions per second
 * of this process's CPU time (median of five rounds): "on one core", and steady on a shared
 * machine where wall time also counts other processes' turns (wall_ops_per_s, for reference).
 * p50/p99 time each decision alone with performance.now() (its own ~50 ns included).
 */
function measure(make: Make): Result {
  let sink = 0;
  let next = 0;
  const stored = new Map<LocationSnapshot, RotationState>(); // fed back as the service does after a send
  const batch = (): SelectInput[] => {
    const inputs = Array.from({ length: BATCH }, () => make(next++));
    for (const input of inputs) input.rotation = stored.get(input.location) ?? {};
    return inputs;
  };
  const run = (input: SelectInput) => {
    input.rotation = stored.get(input.location) ?? input.rotation;
    const decision = selectInstance(input);
    if (decision.ok && decision.rule === "any_available") stored.set(input.location, decision.nextRotation);
    sink += decision.trace.length;
  };
  for (let b = 0; b < 1_000; b++) batch().forEach(run); // warm up the JIT and the memos
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  for (let round = 0; round < 5; round++) {
    let ops = 0,
      cpuMicros = 0,
      wallMs = 0;
    while (wallMs < 200) {
      const inputs = batch();
      const cpu0 = process.cpuUsage();
      const wall0 = performance.now();
      for (let i = 0; i < inputs.length; i++) run(inputs[i]);
      wallMs += performance.now() - wall0;
      const cpu = process.cpuUsage(cpu0);
      cpuMicros += cpu.user + cpu.system;
      ops += inputs.length;
    }
    cpuRates.push(ops / (cpuMicros / 1e6));
    wallRates.push(ops / (wallMs / 1e3));
  }
  const samples: number[] = [];
  while (samples.length < 100_000) {
    for (const input of batch()) {
      const t0 = performance.now();
      run(input);
      samples.push(performance.now() - t0);
    }
  }
  samples.sort((a, b) => a - b);
  if (sink === 0) throw new Error("no decisions");
  const us = (ms: number) => Math.round(ms * 1000 * 100) / 100;
  return {
    ops_per_s: Math.round(median(cpuRates)),
    p50_us: us(samples[samples.length >> 1]),
    p99_us: us(samples[Math.floor(samples.length * 0.99)]),
    wall_ops_per_s: Math.round(median(wallRates)),
  };
}

function median(values: number[]): number {
  return values.slice().sort((a, b) => a - b)[values.length >> 1];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runEngineBench();
}
