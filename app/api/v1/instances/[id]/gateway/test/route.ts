import { appOrigin } from "@/lib/api/app-origin";
import { apiRoute, otherMethods } from "@/lib/api/handler";
import { testGateway } from "@/lib/instances/test-gateway";

// 200 with { ok, httpStatus, detail, instanceStatus? } whatever the gateway said; 409 no_gateway for a record-only instance.
export const POST = apiRoute({}, async ({ ctx, params, request }) => ({
  status: 200,
  body: await testGateway({ ctx, instanceId: params.id, baseUrl: appOrigin(request) }),
}));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
