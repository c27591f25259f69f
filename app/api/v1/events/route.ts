import { authenticate } from "@/lib/api/authenticate";
import { isIdLike, otherMethods } from "@/lib/api/handler";
import { errorResponse } from "@/lib/api/responses";
import { requireMember } from "@/lib/auth/session";
import { checkStreamGrants, type StreamGrant } from "@/lib/auth/stream-grants";
import { AppError } from "@/lib/errors";
import { eventStreamResponse } from "@/lib/events/sse-stream";

export const dynamic = "force-dynamic";

// Server-Sent Events for an API key (its location) or a dashboard session (`?locationId=`, the
// member's location; another location is 404 like every foreign id). The stream keeps the grant it
// was opened with and ends when that grant stops working (key revoked, member removed).
export async function GET(request: Request) {
  try {
    const { locationId, grant } = await authorizeStream(request);
    return await eventStreamResponse(request, locationId, { grant, check: checkStreamGrants });
  } catch (error) {
    return errorResponse(error, "GET /api/v1/events");
  }
}

async function authorizeStream(request: Request): Promise<{ locationId: string; grant: StreamGrant }> {
  const asked = new URL(request.url).searchParams.get("locationId");
  if (asked !== null && !isIdLike(asked)) throw new AppError("not_found", "Location not found.");
  if (request.headers.get("authorization")) {
    const ctx = await authenticate(request);
    if (asked && asked !== ctx.location.id) throw new AppError("not_found", "Location not found.");
    return { locationId: ctx.location.id, grant: { type: "api_key", keyId: ctx.apiKey.keyId } };
  }
  if (!asked) throw new AppError("unauthorized", "Send an API key (Authorization: Bearer …) or sign in and pass ?locationId=.");
  const member = await requireMember(asked);
  return { locationId: member.location.id, grant: { type: "member", userId: member.user.id } };
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
