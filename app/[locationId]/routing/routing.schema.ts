import { z } from "zod";
import { channelSchema } from "@/lib/domain";

/** The routing panel's inputs, as they sit in the URL (so a dry run can be shared by link). */
export const routingParamsSchema = z.object({
  channel: channelSchema.catch("whatsapp"),
  contactId: z.string().max(64).optional().catch(undefined),
  tags: z.string().max(2000).optional().catch(undefined),
  assignee: z.string().max(64).optional().catch(undefined),
  body: z.string().max(4096).optional().catch(undefined),
  down: z.string().max(2000).optional().catch(undefined),
  def: z.string().max(64).optional().catch(undefined),
});
export type RoutingParams = z.infer<typeof routingParamsSchema>;

export function tagsOf(params: RoutingParams) {
  return (params.tags ?? "").split("\n").map((t) => t.trim()).filter(Boolean);
}

export function downOf(params: RoutingParams) {
  return (params.down ?? "").split(",").filter(Boolean);
}
