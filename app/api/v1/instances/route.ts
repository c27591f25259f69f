import { z } from "zod";
import { appOrigin } from "@/lib/api/app-origin";
import { apiRoute, otherMethods } from "@/lib/api/handler";
import { channelSchema } from "@/lib/domain";
import { createInstance } from "@/lib/instances/create-instance";
import { getInstance } from "@/lib/instances/get-instance";
import { createInstanceApiSchema } from "@/lib/instances/instance.schema";
import { listInstances } from "@/lib/instances/list-instances";

export const GET = apiRoute({ query: z.object({ channel: channelSchema.optional() }) }, async ({ ctx, query, request }) => ({
  status: 200,
  body: { data: (await listInstances({ ctx, channel: query.channel, baseUrl: appOrigin(request) })).instances, nextCursor: null },
}));

// The new instance as GET answers it (record-only, the location's pacing, its inbound token's URL once connected).
export const POST = apiRoute({ body: createInstanceApiSchema }, async ({ ctx, body, request }) => {
  const created = await createInstance({ ctx, input: body });
  return { status: 201, body: (await getInstance({ ctx, instanceId: created.id, baseUrl: appOrigin(request) })).instance };
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
