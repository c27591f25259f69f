import { apiRoute, otherMethods } from "@/lib/api/handler";
import { routeImpact } from "@/lib/routing/route-impact";
import { routeImpactSchema } from "@/lib/routing/route-impact.schema";

// What a configuration change would do to the last `days` of traffic (SPEC §3). Nothing is stored.
export const POST = apiRoute({ body: routeImpactSchema }, async ({ ctx, body }) => ({
  status: 200,
  body: await routeImpact({ ctx, input: body }),
}));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
