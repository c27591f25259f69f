// When a location's send window (SPEC §3 `sendWindow`) is open, and when it opens next. Pure: the
// time zone's rules (daylight saving included) come from the IANA data shipped with the runtime
// (Intl), never from a fixed offset. A window is the local times [start, end) on its days; an end
// before the start runs past midnight and belongs to the day it started on (Fri 22:00–06:00 is
// Friday night into Saturday morning).
import type { SendWindow } from "@/lib/delivery/send-window.schema";

const MINUTE = 60_000;

type Local = { year: number; month: number; day: number; weekday: number; minutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The local calendar day, ISO weekday and minute of the day of `at` in `timeZone`. */
function local(at: number, timeZone: string): Local {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS[parts.weekday],
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the window is open at `at`. */
export function windowOpen(window: SendWindow, at: number): boolean {
  const t = local(at, window.timezone);
  const [start, end] = [toMinutes(window.start), toMinutes(window.end)];
  const on = (weekday: number) => window.days.includes(weekday);
  if (start < end) return on(t.weekday) && t.minutes >= start && t.minutes < end;
  // Past midnight: this evening's part, or the morning part of a window that began yesterday.
  const yesterday = t.weekday === 1 ? 7 : t.weekday - 1;
  return (on(t.weekday) && t.minutes >= start) || (on(yesterday) && t.minutes < end);
}

/**
 * The first instant at or after `now` when the window is open (`now` itself when it is open).
 * Found by walking local days to the next opening day and converting its local start to an
 * instant with the zone's offset at that moment; a start that does not exist that day (the hour
 * skipped when clocks go forward) opens at the first minute that does.
 */
export function nextOpening(window: SendWindow, now: number): number {
  if (windowOpen(window, now)) return now;
  const start = toMinutes(window.start);
  const today = local(now, window.timezone);
  for (let d = 0; d <= 8; d++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + d));
    const weekday = ((today.weekday - 1 + d) % 7) + 1;
    if (!window.days.includes(weekday)) continue;
    const opening = instantOf(window.timezone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), start);
    if (opening >= now) return opening;
  }
  return now; // no day in the window: unreachable with at least one day (the schema's rule)
}

/** The instant the local wall time (y-m-d, minutes) happens in `timeZone`; a skipped time → the next minute that exists. */
function instantOf(timeZone: string, year: number, month: number, day: number, minutes: number): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  // Offset = local wall clock − UTC, read at a first guess and again at the corrected instant.
  let at = wall;
  for (let k = 0; k < 3; k++) {
    const t = local(at, timeZone);
    const seen = Date.UTC(t.year, t.month - 1, t.day, 0, t.minutes);
    at += wall - seen;
  }
  const wallAt = (instant: number) => {
    const t = local(instant, timeZone);
    return Date.UTC(t.year, t.month - 1, t.day, 0, t.minutes);
  };
  if (wallAt(at) === wall) return at;
  // In a gap (spring forward) no instant shows `wall`: the first minute whose wall clock is past
  // it, searched from two hours before (gaps are at most an hour or two).
  let probe = at - 120 * MINUTE;
  probe -= probe % MINUTE;
  for (let step = 0; step < 240; step++, probe += MINUTE) if (wallAt(probe) >= wall) return probe;
  return at;
}
