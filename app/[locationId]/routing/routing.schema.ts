import { z } from "zod";
import { sendMessageSchema } from "@/lib/routing/send.schema";

const { channel, contactId, body } = sendMessageSchema.shape;

/**
 * The routing panel's inputs, as they sit in the URL (so a dry run can be shared by link). The
 * channel, contact and body are POST /route's own fields; a value that the API would refuse is dropped.
 */
export const routingParamsSchema = z.object({
  channel: channel.catch("whatsapp"),
  contactId: contactId.catch(undefined),
  tags: z.string().max(2000).optional().catch(undefined),
  assignee: z.string().max(64).optional().catch(undefined),
  body: body.optional().catch(undefined),
  down: z.string().max(2000).optional().catch(undefined),
  def: z.string().max(64).optional().catch(undefined),
});
export type RoutingParams = z.infer<typeof routingParamsSchema>;

export function tagsOf(params: RoutingParams) {
  return (params.tags ?? "")
    .split("\n")
    .map((t) => t.trim())
    .filter(Boolean);
}

export function downOf(params: RoutingParams) {
  return (params.down ?? "").split(",").filter(Boolean);
}
