// A gateway's webhooks (SPEC §6), at the inbound URL the instance's read shows:
// /api/v1/gateways/{instanceId}/{kind}/{token}, also with `?token=` instead of the segment, and with
// anything after the token (Evolution's "webhook by events" appends the event's name to the path:
// docs/gateways.md §3.3, §3.6). Not authenticated by API key or session (lib/inbound/receive-gateway-webhook).
import { appOrigin, publicRequestUrl } from "@/lib/api/app-origin";
import { isIdLike, otherMethods } from "@/lib/api/handler";
import { readTextBody } from "@/lib/api/read-body";
import { errorResponse, json } from "@/lib/api/responses";
import { receiveGatewayWebhook } from "@/lib/inbound/receive-gateway-webhook";

type Params = { instanceId: string; kind: string; rest?: string[] };

export async function POST(request: Request, context: { params: Promise<Params> }): Promise<Response> {
  try {
    const { instanceId, kind, rest } = await context.params;
    if (!isIdLike(instanceId) || !isIdLike(kind)) return notFound();
    const token = new URL(request.url).searchParams.get("token") ?? rest?.[0] ?? null;
    const answer = await receiveGatewayWebhook({
      instanceId,
      kind,
      token,
      request: {
        url: publicRequestUrl(request),
        headers: Object.fromEntries(request.headers),
        rawBody: await readTextBody(request),
      },
      baseUrl: appOrigin(request),
    });
    switch (answer.kind) {
      case "not_found":
        return notFound();
      case "refused":
        return json(answer.status, {
          error: { code: answer.status === 401 ? "unauthorized" : "invalid_request", message: answer.message },
        });
      case "reply":
        return new Response(answer.reply.body, {
          status: answer.reply.status,
          headers: { "content-type": answer.reply.contentType, "cache-control": "no-store" },
        });
      case "applied":
        return json(200, { ok: true, applied: answer.applied, ignored: answer.ignored });
    }
  } catch (error) {
    return errorResponse(error, `POST ${new URL(request.url).pathname}`);
  }
}

function notFound() {
  return json(404, { error: { code: "not_found", message: "Not found: no gateway connection answers at this URL." } });
}

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
