"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { getInstance } from "@/lib/instances/get-instance";
import { listInstanceHistory } from "@/lib/instances/list-instance-history";
import { listInstances } from "@/lib/instances/list-instances";
import { forViewer } from "./for-viewer";
import { requestOrigin } from "./request-origin";

const locationOnly = z.object({ locationId: z.string().min(1) });

export const listInstancesAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(locationOnly)
  .action(async ({ ctx }) => forViewer((await listInstances({ ctx, baseUrl: await requestOrigin() })).instances, ctx.role));

/** One instance as the list shows it (its headroom moves as the outbox sends). */
export const getInstanceAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(locationOnly.extend({ instanceId: z.string().min(1).max(64) }))
  .action(async ({ ctx, parsedInput }) => {
    const { instance } = await getInstance({ ctx, instanceId: parsedInput.instanceId, baseUrl: await requestOrigin() });
    return forViewer([instance], ctx.role)[0];
  });

export const instanceHistoryAction = memberAction
  .metadata({ permission: "view" })
  .inputSchema(locationOnly.extend({ instanceId: z.string().min(1) }))
  .action(async ({ ctx, parsedInput }) => listInstanceHistory({ ctx, instanceId: parsedInput.instanceId }));
