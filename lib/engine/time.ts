// Durations in epoch milliseconds, the engine's unit of time (`now` is an argument everywhere).
// The one definition of a day: warming, retention, seeds, charts and scripts all count with it.
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The UTC day of `at`, "YYYY-MM-DD": the key of daily counters (sends, warming, new contacts). */
export const utcDayKey = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** The UTC clock hour of `at`, "YYYY-MM-DDTHH": the key of hourly pacing counts. */
export const utcHourKey = (at: number): string => new Date(at).toISOString().slice(0, 13);
