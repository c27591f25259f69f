// Durations in epoch milliseconds, the engine's unit of time (`now` is an argument everywhere).
// The one definition of a day: warming, retention, seeds, charts and scripts all count with it.
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
