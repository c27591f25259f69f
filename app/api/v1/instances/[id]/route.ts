import { apiRoute, otherMethods } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { AppError } from "@/lib/errors";
import { deleteInstance } from "@/lib/instances/delete-instance";
import { deleteInstanceQuerySchema, updateInstanceApiSchema } from "@/lib/instances/instance.schema";
import { listInstances, sendsTodayOf } from "@/lib/instances/list-instances";
import { updateInstance } from "@/lib/instances/update-instance";

export const GET = apiRoute({}, async ({ ctx, params }) => {
  const instance = (await listInstances({ ctx })).find((i) => i.id === params.id);
  if (!instance) throw new AppError("not_found", "Instance not found.");
  return { status: 200, body: instance };
});

export const PATCH = apiRoute({ body: updateInstanceApiSchema }, async ({ ctx, params, body }) => {
  const instance = await updateInstance({ ctx, instanceId: params.id, patch: body });
  return { status: 200, body: { ...instance, sendsToday: await sendsTodayOf(ctx.location.id, instance.id) } };
});

export const DELETE = apiRoute({ query: deleteInstanceQuerySchema }, async ({ ctx, params, query }) => {
  await deleteInstance({ ctx, instanceId: params.id, force: query.force === "true" || query.force === "1" });
  return json(204, null);
});

export const { POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
