// Pacing (lib/delivery/pacing.ts): one row per case, then properties over random sequences.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PacingState } from "@/lib/db/send-store";
import { pacingCapNow, reserveSlot } from "@/lib/delivery/pacing";
import { utcDayKey, utcHourKey } from "@/lib/engine/time";
import type { Pacing } from "@/lib/gateways/gateway.schema";

const NOW = Date.UTC(2026, 10, 30, 14, 20, 0); // 14:20 UTC
const HOUR = 3_600_000;
const none: Pacing = { minIntervalSeconds: null, jitterSeconds: null, hourlyLimit: null, newContactsPerDay: null };
const fresh = (over: Partial<PacingState> = {}): PacingState => ({ nextSlotAt: null, hours: {}, newContacts: {}, ...over });

type Row = {
  name: string;
  state: PacingState;
  pacing: Partial<Pacing>;
  isNewContact?: boolean;
  waits?: boolean;
  slot: number;
  nextSlotAt: number | null;
};

const rows: Row[] = [
  { name: "no pacing: now, no next slot", state: fresh(), pacing: {}, slot: NOW, nextSlotAt: null },
  {
    name: "an interval: now, the next slot one interval later",
    state: fresh(),
    pacing: { minIntervalSeconds: 4 },
    slot: NOW,
    nextSlotAt: NOW + 4000,
  },
  {
    name: "jitter adds up to its seconds (random 0.5 → half)",
    state: fresh(),
    pacing: { minIntervalSeconds: 4, jitterSeconds: 3 },
    slot: NOW,
    nextSlotAt: NOW + 5500,
  },
  {
    name: "a next slot in the future is taken",
    state: fresh({ nextSlotAt: NOW + 2000 }),
    pacing: { minIntervalSeconds: 4 },
    slot: NOW + 2000,
    nextSlotAt: NOW + 6000,
  },
  {
    name: "a next slot in the past is now",
    state: fresh({ nextSlotAt: NOW - 60_000 }),
    pacing: { minIntervalSeconds: 1 },
    slot: NOW,
    nextSlotAt: NOW + 1000,
  },
  {
    name: "this hour full: the start of the next hour",
    state: fresh({ hours: { [utcHourKey(NOW)]: 200 } }),
    pacing: { hourlyLimit: 200 },
    slot: Date.UTC(2026, 10, 30, 15),
    nextSlotAt: null,
  },
  {
    name: "this and the next hour full: the hour after",
    state: fresh({ hours: { [utcHourKey(NOW)]: 2, [utcHourKey(NOW + HOUR)]: 2 } }),
    pacing: { hourlyLimit: 2 },
    slot: Date.UTC(2026, 10, 30, 16),
    nextSlotAt: null,
  },
  {
    name: "today's new contacts all given, a new contact: tomorrow 00:00",
    state: fresh({ newContacts: { "2026-11-30": 50 } }),
    pacing: { newContactsPerDay: 50 },
    isNewContact: true,
    slot: Date.UTC(2026, 11, 1),
    nextSlotAt: null,
  },
  {
    name: "today's new contacts all given, a known contact: now",
    state: fresh({ newContacts: { "2026-11-30": 50 } }),
    pacing: { newContactsPerDay: 50 },
    slot: NOW,
    nextSlotAt: null,
  },
  {
    name: "record-only (cannot wait): now whatever the caps",
    state: fresh({ hours: { [utcHourKey(NOW)]: 200 }, nextSlotAt: NOW + 9000 }),
    pacing: { hourlyLimit: 200, minIntervalSeconds: 4 },
    waits: false,
    slot: NOW,
    nextSlotAt: null,
  },
];

describe("reserveSlot", () => {
  it.each(rows)("$name", (row) => {
    const state = structuredClone(row.state);
    const r = reserveSlot(
      state,
      { ...none, ...row.pacing },
      { isNewContact: row.isNewContact ?? false, now: NOW, waits: row.waits ?? true, random: 0.5 },
    );
    expect(r.slot).toBe(row.slot);
    expect(r.nextSlotAt).toBe(row.nextSlotAt);
    // The slot's hour counts one more, and a new contact counts on the slot's day.
    expect(state.hours[utcHourKey(row.slot)]).toBe((row.state.hours[utcHourKey(row.slot)] ?? 0) + 1);
    if (row.isNewContact) expect(r.newContactDay).toBe(utcDayKey(row.slot));
  });
});

describe("pacingCapNow", () => {
  const full = fresh({ hours: { [utcHourKey(NOW)]: 3 }, newContacts: { "2026-11-30": 1 } });
  it.each([
    { name: "under every limit", pacing: { hourlyLimit: 4, newContactsPerDay: 2 }, isNew: true, cap: null },
    {
      name: "hourly limit reached",
      pacing: { hourlyLimit: 3 },
      isNew: false,
      cap: { cap: "hourly_limit", limit: 3, until: Date.UTC(2026, 10, 30, 15) },
    },
    {
      name: "new contacts reached, a new contact",
      pacing: { newContactsPerDay: 1 },
      isNew: true,
      cap: { cap: "new_contacts_limit", limit: 1, until: Date.UTC(2026, 11, 1) },
    },
    { name: "new contacts reached, a known contact", pacing: { newContactsPerDay: 1 }, isNew: false, cap: null },
  ])("$name", ({ pacing, isNew, cap }) => {
    expect(pacingCapNow(full, { ...none, ...pacing }, isNew, NOW)).toEqual(cap);
  });
});

describe("pacing properties", () => {
  const pacingArb = fc.record({
    minIntervalSeconds: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
    jitterSeconds: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    hourlyLimit: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
    newContactsPerDay: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
  });
  const sendsArb = fc.array(
    fc.record({ isNew: fc.boolean(), after: fc.integer({ min: 0, max: 5_000 }), random: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
    {
      minLength: 1,
      maxLength: 60,
    },
  );

  it("slots are never before now; those not moved by a cap keep the interval; moved ones start an hour or a day; no hour or day gets more than its limit", () => {
    fc.assert(
      fc.property(pacingArb, sendsArb, (pacing, sends) => {
        const state = fresh();
        let now = NOW;
        const slots: { at: number; isNew: boolean }[] = [];
        const paced: number[] = [];
        for (const s of sends) {
          now += s.after;
          const earliest = Math.max(now, state.nextSlotAt ?? 0);
          const r = reserveSlot(state, pacing, { isNewContact: s.isNew, now, waits: true, random: s.random });
          expect(r.slot).toBeGreaterThanOrEqual(now);
          if (r.slot === earliest) paced.push(r.slot);
          else expect(r.slot % HOUR).toBe(0);
          slots.push({ at: r.slot, isNew: s.isNew });
        }
        for (let k = 1; k < paced.length; k++) {
          expect(paced[k]).toBeGreaterThanOrEqual(paced[k - 1] + (pacing.minIntervalSeconds ?? 0) * 1000);
        }
        const perHour = new Map<string, number>();
        const perDay = new Map<string, number>();
        for (const s of slots) {
          perHour.set(utcHourKey(s.at), (perHour.get(utcHourKey(s.at)) ?? 0) + 1);
          const day = utcDayKey(s.at);
          if (s.isNew) perDay.set(day, (perDay.get(day) ?? 0) + 1);
        }
        if (pacing.hourlyLimit !== null) for (const n of perHour.values()) expect(n).toBeLessThanOrEqual(pacing.hourlyLimit);
        if (pacing.newContactsPerDay !== null) for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(pacing.newContactsPerDay);
      }),
    );
  });
});
