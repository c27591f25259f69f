"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { getOverview } from "@/lib/overview/get-overview";

export const getOverviewAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(z.object({ locationId: z.string().min(1) }))
  .action(async ({ ctx }) => getOverview({ ctx }));
