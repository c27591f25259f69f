// Properties over generated locations, contacts and messages (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LONG_AGO, makeInput, makeInstance, makeLocation, NOW } from "./fixtures";
import { selectInstance } from "./select";
import { parseTags, scanPatterns } from "./syntax";
import { DAY_MS } from "./time";
import type { Channel, EngineInstance, LocationSnapshot, RuleName, SelectInput } from "./types";
import { CHANNELS, SEED_RULES } from "./types";

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
