import { apiRoute, otherMethods } from "@/lib/api/handler";
import { inboundReportSchema } from "@/lib/inbound/inbound.schema";
import { reportInbound } from "@/lib/inbound/report-inbound";

// 201 with the stored message; a repeat of a providerMessageId answers the first one, 200.
export const POST = apiRoute({ body: inboundReportSchema }, async ({ ctx, body }) => {
  const { created, inbound } = await reportInbound({ ctx, report: body });
  return { status: created ? 201 : 200, body: inbound };
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
