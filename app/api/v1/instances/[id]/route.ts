import { appOrigin } from "@/lib/api/app-origin";
import { apiRoute, otherMethods } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { deleteInstance } from "@/lib/instances/delete-instance";
import { getInstance } from "@/lib/instances/get-instance";
import { deleteInstanceQuerySchema, updateInstanceApiSchema } from "@/lib/instances/instance.schema";
import { updateInstance } from "@/lib/instances/update-instance";

export const GET = apiRoute({}, async ({ ctx, params, request }) => ({
  status: 200,
  body: (await getInstance({ ctx, instanceId: params.id, baseUrl: appOrigin(request) })).instance,
}));

// The updated instance as GET answers it (with today's sends, warming, gateway, pacing and headroom).
export const PATCH = apiRoute({ body: updateInstanceApiSchema }, async ({ ctx, params, body, request }) => {
  const updated = await updateInstance({ ctx, instanceId: params.id, patch: body });
  return { status: 200, body: (await getInstance({ ctx, instanceId: updated.id, baseUrl: appOrigin(request) })).instance };
});

export const DELETE = apiRoute({ query: deleteInstanceQuerySchema }, async ({ ctx, params, query }) => {
  await deleteInstance({ ctx, instanceId: params.id, force: query.force === "true" || query.force === "1" });
  return json(204, null);
});

export const { POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
