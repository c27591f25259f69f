// Retry schedule of outbound webhooks: roughly exponential, about 32 hours in all (SPEC: at least
// a day), then the delivery is marked failed. Delays are after attempt N (1-based).
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const RETRY_DELAYS_MS = [
  5 * SECOND,
  30 * SECOND,
  2 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  8 * HOUR,
  8 * HOUR,
];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** When to try again after `attempts` failed attempts, or null to give up. */
export function nextAttemptDelay(attempts: number): number | null {
  if (attempts < 1 || attempts > RETRY_DELAYS_MS.length) return null;
  return RETRY_DELAYS_MS[attempts - 1];
}
