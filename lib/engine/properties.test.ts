// Properties over generated locations, contacts and messages (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LONG_AGO, makeInput, makeInstance, makeLocation, NOW } from "./fixtures";
import { phoneGeo } from "./phone";
import { selectInstance } from "./select";
import { parseTags, scanPatterns } from "./syntax";
import { DAY_MS } from "./time";
import type { Channel, Decision, EngineInstance, LocationSnapshot, RuleName, SelectInput } from "./types";
import { CHANNELS, FAILOVER_POLICIES, GEOMATCH_MODES, SEED_RULES } from "./types";
import { NOT_WARMING, warmingLimitToday } from "./warming";

const USERS = ["u1", "u2", "u3", "u4"];
const phoneOf = (channel: Channel, index: number) => `+1555${CHANNELS.indexOf(channel) + 1}00${String(index).padStart(4, "0")}`;

const statusArb = fc.constantFrom(
  { status: "connected", statusReason: null },
  { status: "connected", statusReason: null },
  { status: "connected", statusReason: null },
  { status: "connected", statusReason: null },
  { status: "connecting", statusReason: null },
  { status: "qr_pending", statusReason: null },
  { status: "disconnected", statusReason: "transient" },
  { status: "disconnected", statusReason: "logged_out" },
  { status: "disconnected", statusReason: "banned" },
) as fc.Arbitrary<Pick<EngineInstance, "status" | "statusReason">>;

const instancesArb = (channel: Channel) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { maxLength: 5 }).chain((indexes) =>
    fc.tuple(
      ...indexes.map((index) =>
        fc
          .record({
            state: statusArb,
            isDefault: fc.boolean(),
            noPhone: fc.boolean(),
            health: fc.integer({ min: 0, max: 100 }),
            ageDays: fc.oneof(fc.constant(60), fc.integer({ min: 0, max: 6 })),
            sendsToday: fc.integer({ min: 0, max: 400 }),
            users: fc.subarray(USERS, { maxLength: 2 }),
          })
          .map(
            (r): EngineInstance =>
              makeInstance({
                channel,
                index,
                ...r.state,
                isDefault: r.isDefault,
                phone: r.noPhone && index === 6 ? null : phoneOf(channel, index),
                healthScore: r.health,
                firstConnectedAt: r.ageDays === 60 ? LONG_AGO : NOW - r.ageDays * DAY_MS - 1000,
                sendsToday: r.sendsToday,
                assignedUserIds: r.users,
              }),
          ),
      ),
    ),
  );

const locationArb: fc.Arbitrary<LocationSnapshot> = fc
  .record({
    wa: instancesArb("whatsapp"),
    im: instancesArb("imessage"),
    sms: instancesArb("sms"),
    strategy: fc.constantFrom("round_robin", "least_used", "health_weighted" as const),
    minHealth: fc.integer({ min: 0, max: 60 }),
  })
  .map((r) => makeLocation([...r.wa, ...r.im, ...r.sms], { rotationStrategy: r.strategy, minHealth: r.minHealth }));

const patternArb = fc
  .record({
    token: fc.constantFrom("WA", "wa", "IM", "Im", "TEMP-IM", "temp-im"),
    index: fc.integer({ min: 0, max: 7 }),
    open: fc.constantFrom("{", "{{"),
    close: fc.constantFrom("}", "}}"),
    pad: fc.constantFrom("", " ", "  "),
  })
  .map((p) => `${p.open}${p.pad}${p.token}#${p.index}${p.pad}${p.close}`);
const textArb = fc.constantFrom("Hello", "your order", ",", ".", "!", " ", "  ", "\n", "{", "}", "#", "WA#2", "{ ", "}}");
const bodyArb = fc
  .array(
    fc.oneof(
      { weight: 1, arbitrary: patternArb },
      { weight: 8, arbitrary: textArb },
      { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));
const tagArb = (location: LocationSnapshot) =>
  fc.oneof(
    fc.constantFrom("vip", "wa: call me", "im:", "sms: +15559990000", "wa: +1 555 999 0001", "newsletter", "vip", "newsletter"),
    fc
      .constantFrom(...location.instances.map((i) => i.phone ?? "+15550000000"), "+15550000000")
      .chain((phone) => fc.constantFrom("wa", "WA", "im", "sms").map((prefix) => `${prefix}: ${phone}`)),
  );

const inputArb: fc.Arbitrary<SelectInput> = locationArb.chain((location) =>
  fc
    .record({
      channel: fc.constantFrom(...CHANNELS),
      body: bodyArb,
      tags: fc.array(tagArb(location), { maxLength: 4 }),
      assignedUserId: fc.option(fc.constantFrom(...USERS), { freq: 2 }),
      from: fc.oneof(
        { weight: 8, arbitrary: fc.constant(null) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...CHANNELS).chain((c) => fc.integer({ min: 1, max: 6 }).map((i) => ({ instanceId: `${c}-${i}` }))),
        },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }).map((i) => ({ phone: phoneOf("whatsapp", i) })) },
      ),
      lastIndex: fc.option(fc.integer({ min: 0, max: 7 })),
    })
    .map((r) =>
      makeInput(location, {
        channel: r.channel,
        body: r.body,
        from: r.from,
        contact: { tags: r.tags, assignedUserId: r.assignedUserId },
        rotation: r.lastIndex === null ? {} : { [r.channel]: { lastIndex: r.lastIndex, currentWeights: {} } },
      }),
    ),
);

/** SPEC's hierarchy, computed without the engine: the first rule that applies to this input. */
function firstApplicableRule(input: SelectInput): RuleName {
  const own = scanPatterns(input.body).filter((m) => m.channel === input.channel);
  if (input.from || own.some((m) => m.kind === "override")) return "manual_override";
  if (own.some((m) => m.kind === "temporary_switch")) return "temporary_switch";
  if (parseTags(input.contact.tags, input.channel, "US").valid.length > 0) return "contact_tag";
  const onChannel = input.location.instances.filter((i) => i.channel === input.channel);
  if (onChannel.some((i) => input.contact.assignedUserId && i.assignedUserIds.includes(input.contact.assignedUserId)))
    return "user_assignment";
  const defaults = onChannel.filter((i) => i.isDefault).sort((a, b) => a.index - b.index);
  if (defaults[0]?.status === "connected") return "default_instance";
  return "any_available";
}

describe("engine properties", () => {
  it("the same inputs give the same decision (also from a deep copy)", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const first = selectInstance(input);
        expect(selectInstance(input)).toEqual(first);
        expect(selectInstance(structuredClone(input))).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it("no pattern of the channel survives in the delivered body", () => {
    // Pattern pieces as well as whole patterns: stripping one must not join a new one.
    const pieceArb = fc.oneof(patternArb, fc.constantFrom("{", "{{", "}", "}}", " ", "WA", "wa", "IM", "TEMP-", "#", "2", "-", "Hi", ","));
    const bodies = fc.oneof(
      bodyArb,
      fc.array(pieceArb, { maxLength: 16 }).map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(inputArb, bodies, (generated, body) => {
        for (const input of [generated, { ...generated, body }]) {
          const decision = selectInstance(input);
          expect(scanPatterns(decision.body).filter((m) => m.channel === input.channel)).toEqual([]);
          if (decision.ok) expect(decision.body.trim()).not.toBe("");
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("a chosen instance is connected, on the channel, in the snapshot", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const decision = selectInstance(input);
        if (!decision.ok) return;
        const instance = input.location.instances.find((i) => i.id === decision.instance.id);
        expect(instance).toBeDefined();
        expect(instance!.channel).toBe(input.channel);
        expect(instance!.status).toBe("connected");
        expect(decision.instance).toEqual({ id: instance!.id, index: instance!.index, label: instance!.label, phone: instance!.phone });
      }),
      { numRuns: 500 },
    );
  });

  it("the first applicable rule decides: an explicit rule never yields a lower one", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const decision = selectInstance(input);
        if (!decision.ok && decision.error.code === "empty_body") return;
        expect(decision.rule).toBe(firstApplicableRule(input));
        const outcomes = decision.trace.map((t) => t.outcome);
        const decided = SEED_RULES.indexOf(decision.rule!);
        expect(outcomes.slice(0, decided).every((o) => o === "skipped")).toBe(true);
        expect(outcomes[decided]).toBe(decision.ok ? "matched" : "failed");
        expect(outcomes.slice(decided + 1).every((o) => o === "not_reached")).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("rotation never uses an ineligible instance", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const decision = selectInstance(input);
        if (!decision.ok || decision.rule !== "any_available") return;
        const instance = input.location.instances.find((i) => i.id === decision.instance.id)!;
        expect(instance.phone).not.toBeNull();
        expect(instance.healthScore).toBeGreaterThanOrEqual(input.location.minHealth);
      }),
      { numRuns: 500 },
    );
  });
});

describe("rotation properties", () => {
  const route = (location: LocationSnapshot, picks: number, lastIndex: number | null = null) => {
    let rotation: SelectInput["rotation"] = lastIndex === null ? {} : { whatsapp: { lastIndex, currentWeights: {} } };
    const counts = new Map<number, number>();
    for (let i = 0; i < picks; i++) {
      const decision = selectInstance(makeInput(location, { rotation }));
      if (!decision.ok) throw new Error(decision.error.message);
      counts.set(decision.instance.index, (counts.get(decision.instance.index) ?? 0) + 1);
      rotation = decision.nextRotation;
    }
    return counts;
  };
  const pool = (
    indexes: number[],
    fields: (i: number) => Partial<EngineInstance> = () => ({}),
    strategy: LocationSnapshot["rotationStrategy"] = "round_robin",
  ) =>
    makeLocation(
      indexes.map((index, i) => makeInstance({ index, ...fields(i) })),
      { rotationStrategy: strategy },
    );
  /** Instances #1…#n under `strategy`, the i-th with `values[i]` as its `field`. */
  const numbered = <F extends keyof EngineInstance>(
    strategy: LocationSnapshot["rotationStrategy"],
    field: F,
    values: EngineInstance[F][],
  ) =>
    pool(
      values.map((_, i) => i + 1),
      (i) => ({ [field]: values[i] }),
      strategy,
    );

  it("round robin is fair: every eligible instance gets ⌊n/k⌋ or ⌈n/k⌉ picks", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 120 }),
        fc.option(fc.integer({ min: 0, max: 31 })),
        (indexes, picks, lastIndex) => {
          const counts = route(pool(indexes), picks, lastIndex);
          expect(counts.size).toBe(Math.min(indexes.length, picks));
          for (const count of counts.values())
            expect([Math.floor(picks / indexes.length), Math.ceil(picks / indexes.length)]).toContain(count);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("health_weighted: over 10,000 picks each share is within 2 points of its weight", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 40, max: 100 }), { minLength: 2, maxLength: 6 }), (healths) => {
        const counts = route(numbered("health_weighted", "healthScore", healths), 10_000);
        const total = healths.reduce((a, b) => a + b, 0);
        for (const [i, health] of healths.entries()) {
          expect(Math.abs((counts.get(i + 1) ?? 0) / 100 - (health / total) * 100)).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 15 },
    );
  });

  it("least_used picks an instance with the fewest sends today, lowest index on ties", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 8 }), (sends) => {
        const decision = selectInstance(makeInput(numbered("least_used", "sendsToday", sends)));
        expect(decision.ok && decision.instance.index).toBe(sends.indexOf(Math.min(...sends)) + 1);
      }),
      { numRuns: 200 },
    );
  });
});

// Issue 11: the same generated inputs, with the location's new settings, a conversation binding,
// a contact number with a real place (or none), and some numbers at a pacing cap.
const REAL_PHONES = ["+12125550101", "+12125550199", "+13105550102", "+14165550103", "+442079460958", "+33123456789", "+15550000001"];
const settingsArb = fc.record({
  stickySender: fc.boolean(),
  stickyDays: fc.integer({ min: 1, max: 60 }),
  failover: fc.constantFrom(...FAILOVER_POLICIES),
  geomatch: fc.constantFrom(...GEOMATCH_MODES),
});
type Settings = Pick<LocationSnapshot, "stickySender" | "stickyDays" | "failover" | "geomatch">;
/** The input's location with `settings`, real-place numbers when `realPhones`, and the `capped` ids at their hourly cap. */
function withSettings(input: SelectInput, settings: Settings, capped: string[], realPhones: boolean): SelectInput {
  const instances = input.location.instances.map((i) => ({
    ...i,
    phone: realPhones && i.phone !== null ? REAL_PHONES[(i.index + CHANNELS.indexOf(i.channel)) % REAL_PHONES.length] : i.phone,
    pacingCap: capped.includes(i.id) ? ({ cap: "hourly_limit", limit: 100, until: NOW + 60_000 } as const) : null,
  }));
  return { ...input, location: { ...input.location, instances, ...settings } };
}
const extendedArb = (realPhones: boolean, settings: fc.Arbitrary<Settings> = settingsArb) =>
  inputArb.chain((input) => {
    const ids = input.location.instances.map((i) => i.id);
    return fc
      .record({
        settings,
        capped: fc.subarray(ids, { maxLength: Math.min(3, ids.length) }),
        bound: fc.option(fc.constantFrom(...ids, "deleted-instance"), { freq: 4 }),
        boundDaysAgo: fc.integer({ min: 0, max: 70 }),
        phone: fc.option(fc.constantFrom(...REAL_PHONES, "+16465559999", "+14165559999"), { freq: 6 }),
      })
      .map((r) => {
        const extended = withSettings(input, r.settings, r.capped, realPhones);
        const binding = r.bound === null ? null : { instanceId: r.bound, at: NOW - r.boundDaysAgo * DAY_MS + 1000 };
        return { ...extended, contact: { ...extended.contact, phone: r.phone, binding } };
      });
  });

const isGone = (i: EngineInstance) =>
  i.status === "qr_pending" || (i.status === "disconnected" && (i.statusReason === "banned" || i.statusReason === "logged_out"));
const chosenOrResolved = (d: Decision) => (d.ok ? d.instance : d.resolvedInstance);
const rotationEligible = (i: EngineInstance, location: LocationSnapshot) => {
  if (i.status !== "connected" || i.phone === null || i.healthScore < location.minHealth || i.pacingCap) return false;
  const limit = warmingLimitToday(i, location, NOW);
  return limit === NOT_WARMING || i.sendsToday < limit;
};

describe("engine properties — conversation, failover, geomatch (issue 11)", () => {
  it("with stickySender false (and failover error, geomatch off) every decision is the seeds' ladder's", () => {
    const seedsSettings = fc.record({
      stickySender: fc.constant(false),
      stickyDays: fc.integer({ min: 1, max: 60 }),
      failover: fc.constant("error" as const),
      geomatch: fc.constant("off" as const),
    });
    fc.assert(
      fc.property(extendedArb(false, seedsSettings), (input) => {
        const decision = selectInstance(input);
        const { stickySender, stickyDays, failover, geomatch, ...seedsLocation } = input.location;
        const seeds = selectInstance({ ...input, location: seedsLocation, contact: { ...input.contact, binding: undefined } });
        expect(decision.trace).toHaveLength(6);
        expect(decision.trace.map((t) => t.rule)).toEqual([...SEED_RULES]);
        expect(decision.trace).toEqual(seeds.trace);
        expect(decision.rule).toBe(seeds.rule);
        expect(chosenOrResolved(decision)).toEqual(chosenOrResolved(seeds));
        expect(decision.ok ? null : decision.error).toEqual(seeds.ok ? null : seeds.error);
        expect(decision.warnings).toEqual(seeds.warnings);
        expect(decision.ok && decision.nextRotation).toEqual(seeds.ok && seeds.nextRotation);
      }),
      { numRuns: 1000 },
    );
  });

  it("manual override and temporary switch never create or move a binding", () => {
    fc.assert(
      fc.property(extendedArb(false), (input) => {
        const decision = selectInstance(input);
        if (decision.rule !== "manual_override" && decision.rule !== "temporary_switch") return;
        const bound = input.contact.binding;
        expect(decision.binding).toEqual(bound ? { action: "keep", instanceId: bound.instanceId } : { action: "none" });
      }),
      { numRuns: 2000 },
    );
  });

  it("a busy bound number never loses its binding (only a gone one is dropped or replaced)", () => {
    fc.assert(
      fc.property(extendedArb(false), (input) => {
        const decision = selectInstance(input);
        const bound = input.contact.binding;
        if (!bound) return;
        const instance = input.location.instances.find((i) => i.id === bound.instanceId && i.channel === input.channel);
        const live = bound.at >= NOW - (input.location.stickyDays ?? 30) * DAY_MS;
        if (instance === undefined || isGone(instance)) {
          // Gone: once the conversation rule has seen it, it is dropped (or replaced by this send).
          const ran = decision.trace.some((t) => t.rule === "conversation" && t.outcome !== "not_reached");
          if (ran) expect(decision.binding.action === "drop" || decision.binding.action === "write").toBe(true);
          return;
        }
        if (!live) return; // expired: replaced by the next binding send, else kept
        expect(decision.binding.action === "keep" || decision.binding.action === "write").toBe(true);
        expect(decision.binding).toHaveProperty("instanceId", bound.instanceId);
      }),
      { numRuns: 2000 },
    );
  });

  it('failover "error" never falls through: a failed step ends the ladder; "next_rule" passes over only 101–105, each warned', () => {
    fc.assert(
      fc.property(extendedArb(false), (input) => {
        const decision = selectInstance(input);
        const failedAt = decision.trace.flatMap((t, k) => (t.outcome === "failed" ? [k] : []));
        const warned = decision.warnings.filter((w) => w.code === "failover_used");
        expect(decision.failover).toBe(input.location.failover ?? "error");
        if ((input.location.failover ?? "error") === "error") {
          expect(failedAt.length).toBeLessThanOrEqual(1);
          if (failedAt.length === 1) {
            expect(decision.ok).toBe(false);
            expect(decision.trace.slice(failedAt[0] + 1).every((t) => t.outcome === "not_reached")).toBe(true);
          }
          expect(warned).toEqual([]);
          return;
        }
        const passedOver = decision.ok ? failedAt : failedAt.slice(0, -1);
        expect(warned).toHaveLength(passedOver.length);
        for (const k of passedOver) {
          expect(decision.trace[k].detail).toMatch(/Failover policy "next rule": error 10[1-5] is passed over/);
          expect(decision.trace[k].rule).not.toBe("any_available");
        }
        if (!decision.ok && decision.error.code !== "empty_body") {
          const last = decision.trace[failedAt[failedAt.length - 1]];
          expect(last.rule === "any_available" || decision.error.code === "ambiguous_override").toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("geomatch never picks an ineligible instance, prefers a local one when one is eligible, and with geomatch off changes nothing", () => {
    fc.assert(
      fc.property(extendedArb(true), (input) => {
        const decision = selectInstance(input);
        const off = selectInstance({ ...input, location: { ...input.location, geomatch: undefined } });
        if (input.location.geomatch === "off") expect(decision).toEqual(off);
        if (!decision.ok || decision.rule !== "any_available") return;
        const { location, channel } = input;
        const chosen = location.instances.find((i) => i.id === decision.instance.id)!;
        expect(chosen.channel).toBe(channel);
        expect(rotationEligible(chosen, location)).toBe(true);
        const eligible = location.instances.filter((i) => i.channel === channel && rotationEligible(i, location));
        const warmed = eligible.filter((i) => warmingLimitToday(i, location, NOW) === NOT_WARMING);
        const pool = warmed.length > 0 ? warmed : eligible;
        expect(pool).toContainEqual(chosen);
        const contact = phoneGeo(input.contact.phone, location.defaultCountry);
        const geo = (i: EngineInstance) => phoneGeo(i.phone, location.defaultCountry);
        if (location.geomatch === "off") return;
        const sameArea = pool.filter((i) => contact.areaCode !== null && geo(i).areaCode === contact.areaCode);
        const sameCountry = pool.filter((i) => contact.country !== null && geo(i).country === contact.country);
        if (location.geomatch === "area_code" && sameArea.length > 0) expect(geo(chosen).areaCode).toBe(contact.areaCode);
        else if (sameCountry.length > 0) expect(geo(chosen).country).toBe(contact.country);
      }),
      { numRuns: 1500 },
    );
  });
});
