// Pacing (SPEC §1) between its API object and its four columns on Location and Instance.
import type { Pacing } from "@/lib/gateways/gateway.schema";

export type PacingColumns = {
  pacingMinIntervalSeconds: number | null;
  pacingJitterSeconds: number | null;
  pacingHourlyLimit: number | null;
  pacingNewContactsPerDay: number | null;
};

export function pacingOf(row: PacingColumns): Pacing {
  return {
    minIntervalSeconds: row.pacingMinIntervalSeconds,
    jitterSeconds: row.pacingJitterSeconds,
    hourlyLimit: row.pacingHourlyLimit,
    newContactsPerDay: row.pacingNewContactsPerDay,
  };
}

export function pacingColumns(pacing: Pacing): PacingColumns {
  return {
    pacingMinIntervalSeconds: pacing.minIntervalSeconds,
    pacingJitterSeconds: pacing.jitterSeconds,
    pacingHourlyLimit: pacing.hourlyLimit,
    pacingNewContactsPerDay: pacing.newContactsPerDay,
  };
}

/** An instance's pacing: its own when it overrides the location's, else the location's. */
export function effectivePacing(instance: PacingColumns & { pacingOverride: boolean }, location: PacingColumns): Pacing {
  return pacingOf(instance.pacingOverride ? instance : location);
}
