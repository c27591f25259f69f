import { describe, expect, it } from "vitest";
import { makeInput, makeInstance, makeLocation } from "./fixtures";
import { selectInstance } from "./select";
import type { EngineInstance, LocationSnapshot, RotationState, RotationStrategy } from "./types";

/** Routes `count` plain messages, storing nextRotation after each as the service does. */
function pick(location: LocationSnapshot, count: number, rotation: RotationState = {}): number[] {
  const picked: number[] = [];
  for (let i = 0; i < count; i++) {
    const decision = selectInstance(makeInput(location, { rotation }));
    if (!decision.ok) throw new Error(decision.error.message);
    expect(decision.rule).toBe("any_available");
    picked.push(decision.instance.index);
    rotation = decision.nextRotation;
  }
  return picked;
}

const pool = (strategy: RotationStrategy, ...fields: Partial<EngineInstance>[]) =>
  makeLocation(
    fields.map((f, i) => makeInstance({ index: i + 1, ...f })),
    { rotationStrategy: strategy },
  );

describe("round_robin", () => {
  it("takes the next index after the last one used, wrapping", () => {
    expect(pick(pool("round_robin", {}, {}, {}), 7)).toEqual([1, 2, 3, 1, 2, 3, 1]);
  });
  it("skips ineligible instances and gaps in the indexes", () => {
    const location = makeLocation([
      makeInstance({ index: 2 }),
      makeInstance({ index: 5, status: "disconnected", statusReason: "transient" }),
      makeInstance({ index: 9 }),
    ]);
    expect(pick(location, 4)).toEqual([2, 9, 2, 9]);
  });
  it("resumes after a stored last index, even one that has since left", () => {
    expect(pick(pool("round_robin", {}, {}, {}), 3, { whatsapp: { lastIndex: 2, currentWeights: {} } })).toEqual([3, 1, 2]);
    expect(pick(pool("round_robin", {}, {}), 1, { whatsapp: { lastIndex: 7, currentWeights: {} } })).toEqual([1]);
  });
  it("only rotation advances the state; other channels' state is kept", () => {
    const location = makeLocation([makeInstance({ index: 1, isDefault: true }), makeInstance({ index: 2 })]);
    const rotation: RotationState = { sms: { lastIndex: 4, currentWeights: {} } };
    const decision = selectInstance(makeInput(location, { rotation }));
    expect(decision.ok && decision.rule === "default_instance" && decision.nextRotation).toBe(rotation);
    const rotated = selectInstance(makeInput(makeLocation([makeInstance({ index: 1 })]), { rotation }));
    expect(rotated.ok && rotated.nextRotation).toEqual({
      sms: { lastIndex: 4, currentWeights: {} },
      whatsapp: { lastIndex: 1, currentWeights: {} },
    });
    expect(rotation).toEqual({ sms: { lastIndex: 4, currentWeights: {} } }); // input never mutated
  });
});

describe("least_used", () => {
  it("picks the fewest sends today, ties by lowest index", () => {
    expect(pick(pool("least_used", { sendsToday: 5 }, { sendsToday: 2 }, { sendsToday: 2 }), 1)).toEqual([2]);
    expect(pick(pool("least_used", { sendsToday: 0 }, { sendsToday: 0 }), 1)).toEqual([1]);
  });
});

describe("health_weighted", () => {
  it("spreads picks in proportion to health, smoothly", () => {
    expect(pick(pool("health_weighted", { healthScore: 100 }, { healthScore: 50 }), 6)).toEqual([1, 2, 1, 1, 2, 1]);
  });
  it("shares equally when every eligible instance has health 0", () => {
    const location = makeLocation([makeInstance({ index: 1, healthScore: 0 }), makeInstance({ index: 2, healthScore: 0 })], {
      rotationStrategy: "health_weighted",
      minHealth: 0,
    });
    expect(pick(location, 4)).toEqual([1, 2, 1, 2]);
  });
  it("never picks an instance under the minimum health", () => {
    expect(new Set(pick(pool("health_weighted", { healthScore: 39 }, { healthScore: 60 }, { healthScore: 80 }), 50))).toEqual(
      new Set([2, 3]),
    );
  });
});

describe("health_weighted state (issue 11: two arrays instead of an object keyed by id)", () => {
  const weighted = () => pool("health_weighted", { healthScore: 100 }, { healthScore: 50 });
  /** As the service does: the state goes through the database (JSON) between decisions. */
  function pickStored(location: LocationSnapshot, count: number, rotation: RotationState = {}): number[] {
    const picked: number[] = [];
    for (let i = 0; i < count; i++) {
      const decision = selectInstance(makeInput(location, { rotation }));
      if (!decision.ok) throw new Error(decision.error.message);
      picked.push(decision.instance.index);
      rotation = JSON.parse(JSON.stringify(decision.nextRotation));
    }
    return picked;
  }

  it("stores the running values by id and continues the same after a JSON round trip", () => {
    const first = selectInstance(makeInput(weighted()));
    expect(first.ok && first.nextRotation.whatsapp).toEqual({
      lastIndex: 1,
      currentWeights: {},
      weights: { ids: ["whatsapp-1", "whatsapp-2"], values: [-50, 50] },
    });
    expect(pickStored(weighted(), 6)).toEqual([1, 2, 1, 1, 2, 1]);
  });

  it("continues a state stored before issue 11 (running values in currentWeights)", () => {
    const legacy: RotationState = { whatsapp: { lastIndex: 1, currentWeights: { "whatsapp-1": -50, "whatsapp-2": 50 } } };
    expect(pickStored(weighted(), 5, legacy)).toEqual([2, 1, 1, 2, 1]);
  });

  it("reads values by id when the pool changed: a new number starts at 0, a gone one is forgotten", () => {
    const rotation: RotationState = {
      whatsapp: { lastIndex: 1, currentWeights: {}, weights: { ids: ["whatsapp-9", "whatsapp-2"], values: [70, -70] } },
    };
    const decision = selectInstance(makeInput(weighted(), { rotation }));
    // #1: 0 + 100 = 100, #2: -70 + 50 = -20 → #1 picked, 100 - 150 = -50.
    expect(decision.ok && decision.nextRotation.whatsapp?.weights).toEqual({ ids: ["whatsapp-1", "whatsapp-2"], values: [-50, -20] });
  });

  it("follows the instances when one leaves the pool and another joins in the same snapshot (same pool size)", () => {
    const location = pool(
      "health_weighted",
      { healthScore: 80 },
      { healthScore: 40 },
      { healthScore: 40, status: "disconnected", statusReason: "transient" },
    );
    // #1 80, #2 40 (total 120): #1 → -40; then #1 40, #2 80: #2 → -40.
    const route = (rotation: RotationState = {}) => {
      const decision = selectInstance(makeInput(location, { rotation }));
      if (!decision.ok) throw new Error(decision.error.message);
      return decision;
    };
    const second = route(route().nextRotation);
    expect(second.nextRotation.whatsapp?.weights).toEqual({ ids: ["whatsapp-1", "whatsapp-2"], values: [40, -40] });
    // Status is read live: #2 drops and #3 reconnects. #1 keeps 40 (+80 = 120, picked → 0); #3 starts at 0 (+40).
    location.instances[1].status = "disconnected";
    location.instances[2].status = "connected";
    const third = route(second.nextRotation);
    expect(third.instance.index).toBe(1);
    expect(third.nextRotation.whatsapp?.weights).toEqual({ ids: ["whatsapp-1", "whatsapp-3"], values: [0, 40] });
  });

  it("with geomatch only the local numbers take part; the others keep their running values", () => {
    const location = makeLocation(
      [
        makeInstance({ index: 1, phone: "+12125550101", healthScore: 100 }),
        makeInstance({ index: 2, phone: "+13105550102", healthScore: 50 }),
        makeInstance({ index: 3, phone: "+12125550103", healthScore: 50 }),
      ],
      { rotationStrategy: "health_weighted", geomatch: "area_code" },
    );
    const rotation: RotationState = {
      whatsapp: { lastIndex: null, currentWeights: {}, weights: { ids: ["whatsapp-1", "whatsapp-2", "whatsapp-3"], values: [0, 40, 0] } },
    };
    const decision = selectInstance(makeInput(location, { rotation, contact: { phone: "+12125559999" } }));
    // Candidates #1 and #3 (area code 212), total 150: #1 100 → -50, #3 50; #2 keeps 40.
    expect(decision.ok && decision.instance.index).toBe(1);
    expect(decision.ok && decision.nextRotation.whatsapp?.weights?.values).toEqual([-50, 40, 50]);
  });
});
