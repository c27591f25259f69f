import { z } from "zod";
import { apiRoute, otherMethods } from "@/lib/api/handler";
import { channelSchema } from "@/lib/domain";
import { createInstance } from "@/lib/instances/create-instance";
import { createInstanceApiSchema } from "@/lib/instances/instance.schema";
import { listInstances } from "@/lib/instances/list-instances";

export const GET = apiRoute({ query: z.object({ channel: channelSchema.optional() }) }, async ({ ctx, query }) => ({
  status: 200,
  body: { data: (await listInstances({ ctx, channel: query.channel })).instances, nextCursor: null },
}));

export const POST = apiRoute({ body: createInstanceApiSchema }, async ({ ctx, body }) => ({
  status: 201,
  body: await createInstance({ ctx, input: body }),
}));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
