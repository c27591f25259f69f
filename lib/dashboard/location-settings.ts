import "server-only";
import { db } from "@/lib/db/client";
import type { RotationStrategy } from "@/lib/engine/types";

/** The location's settings as the dashboard's read models need them (warming, health, country). */
export async function loadLocationSettings(locationId: string) {
  const location = await db.location.findUniqueOrThrow({
    where: { id: locationId },
    select: {
      id: true, name: true, defaultCountry: true, rotationStrategy: true, warmingDays: true,
      warmingDailyLimits: true, minHealth: true, webhookUrl: true,
    },
  });
  return {
    ...location,
    rotationStrategy: location.rotationStrategy as RotationStrategy,
    warmingDailyLimits: JSON.parse(location.warmingDailyLimits) as number[],
  };
}

/** Midnight UTC of `now`: "today" for sends counts and warming limits, as the engine counts it. */
export function startOfUtcDay(now = Date.now()) {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
