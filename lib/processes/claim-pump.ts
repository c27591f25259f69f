// The claim loop of the background workers (webhook deliveries, lib/webhooks/worker.ts; the
// outbox, lib/delivery/dispatcher.ts). `pump()` claims as many rows as there are free slots,
// hands each to `start`, and claims again while a claim came back full (more may be due). Calls
// while a round is running coalesce into one more round after it, so a burst of wake-ups (every
// finished attempt, every queued row) costs one claim at a time. The database decides who gets
// a row (leases, SKIP LOCKED); this only keeps one process from claiming against itself.

export type ClaimPump<T> = {
  /** Slots free for new rows now (0: skip the claim). */
  free: () => number;
  /** Claims up to `free` due rows. */
  claim: (free: number) => Promise<T[]>;
  /** Starts work on one claimed row (not awaited: the row's own completion calls `pump()` again). */
  start: (row: T) => void;
  /** After a round of claims, successful or not: e.g. when to look again. */
  after?: (failed: boolean) => void | Promise<void>;
  /** For the log line of a failed claim. */
  label: string;
};

export function claimPump<T>(options: ClaimPump<T>): () => void {
  let claiming = false;
  let again = false;
  const pump = () => {
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    void (async () => {
      let failed = false;
      try {
        do {
          again = false;
          const free = options.free();
          if (free <= 0) break;
          const rows = await options.claim(free);
          for (const row of rows) options.start(row);
          if (rows.length === free) again = true;
        } while (again);
      } catch (error) {
        failed = true;
        console.error(`[${options.label}] claiming failed:`, error);
      } finally {
        claiming = false;
      }
      try {
        await options.after?.(failed);
      } catch (error) {
        console.error(`[${options.label}] after claiming:`, error);
      }
    })();
  };
  return pump;
}
