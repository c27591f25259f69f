import { apiRoute, otherMethods } from "@/lib/api/handler";
import { deliveryReportSchema } from "@/lib/messages/message.schema";
import { reportDelivery } from "@/lib/messages/report-delivery";

export const POST = apiRoute({ body: deliveryReportSchema }, async ({ ctx, params, body }) => ({
  status: 200,
  body: await reportDelivery({ ctx, messageId: params.id, report: body }),
}));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
