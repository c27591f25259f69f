"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { listInstanceHistory } from "@/lib/instances/list-instance-history";
import { listInstances } from "@/lib/instances/list-instances";

const locationOnly = z.object({ locationId: z.string().min(1) });

export const listInstancesAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(locationOnly)
  .action(async ({ ctx }) => (await listInstances({ ctx })).instances);

export const instanceHistoryAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(locationOnly.extend({ instanceId: z.string().min(1) }))
  .action(async ({ ctx, parsedInput }) => listInstanceHistory({ ctx, instanceId: parsedInput.instanceId }));
