import { apiRoute, otherMethods } from "@/lib/api/handler";
import { abandonIdempotent, beginIdempotent, completeIdempotent, idempotencyKey, requestHash } from "@/lib/api/idempotency";
import { listMessages } from "@/lib/messages/list-messages";
import { listMessagesQuerySchema } from "@/lib/messages/message.schema";
import { routeMessage } from "@/lib/routing/route-message";
import { sendMessageSchema } from "@/lib/routing/send.schema";
import { sendMessage } from "@/lib/routing/send-message";

export const GET = apiRoute({ query: listMessagesQuerySchema }, async ({ ctx, query }) => ({
  status: 200,
  body: await listMessages({ ctx, query }),
}));

export const POST = apiRoute({ body: sendMessageSchema }, async ({ request, ctx, body }) => {
  const key = idempotencyKey(request);
  const start = key ? await beginIdempotent(ctx.location.id, key, requestHash(body)) : null;
  if (start?.kind === "replay") return { status: start.status, body: start.body, headers: { "idempotent-replayed": "true" } };
  const recordId = start?.recordId;
  try {
    if (body.dryRun) {
      const { response } = await routeMessage({ ctx, input: body });
      if (recordId) await completeIdempotent(recordId, response.status, response.body);
      return response;
    }
    const result = await sendMessage({ ctx, input: body, source: "api", idempotencyRecordId: recordId });
    return { status: result.status, body: result.body };
  } catch (error) {
    if (recordId) await abandonIdempotent(recordId);
    throw error;
  }
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
