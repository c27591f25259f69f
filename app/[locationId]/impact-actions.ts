"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { routeImpactPreview } from "@/lib/routing/route-impact";
import { routeImpactSchema } from "@/lib/routing/route-impact.schema";

// The impact preview (SPEC §4) for the Instances and Settings confirmations and the Routing page's
// what-if: POST /route/impact's own schema and use case. Every member may read it — nothing is
// stored, and the Routing page's what-if is open to all roles; the changes it previews are gated
// by their own actions.
export const routeImpactAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(routeImpactSchema.extend({ locationId: z.string().min(1).max(64) }))
  .action(async ({ ctx, parsedInput: { locationId: _ignored, ...input } }) => routeImpactPreview({ ctx, input }));
