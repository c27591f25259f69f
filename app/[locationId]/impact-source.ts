import { unwrap } from "@/components/common/action-result";
import type { ImpactSource } from "@/components/routing/impact-preview";
import type { RouteImpactInput } from "@/lib/routing/route-impact.schema";
import { routeImpactAction } from "./impact-actions";

/** SPEC §4: the dashboard previews a change on the last 7 days. */
const IMPACT_DAYS = 7;

export type ImpactChange = RouteImpactInput["change"];

/** The impact preview's source for `change`: POST /route/impact's use case, through the server action. */
export function impactSource(locationId: string, change: ImpactChange): ImpactSource {
  return {
    // Outside the ["loc", id] keys: live events refetch those, and a replay of 7 days is not a refresh to repeat per message.
    key: ["route-impact", locationId, IMPACT_DAYS, change],
    days: IMPACT_DAYS,
    load: async () => unwrap(await routeImpactAction({ locationId, days: IMPACT_DAYS, change })),
  };
}
