import { apiRoute, otherMethods } from "@/lib/api/handler";
import { json } from "@/lib/api/responses";
import { unpinBinding } from "@/lib/contacts/unpin-binding";
import { channelSchema } from "@/lib/domain";
import { AppError } from "@/lib/errors";

// 204 when unpinned; 404 when the contact has no binding on that channel (or no such channel).
export const DELETE = apiRoute({}, async ({ ctx, params }) => {
  const channel = channelSchema.safeParse(params.channel);
  if (!channel.success) throw new AppError("not_found", `No channel "${params.channel}".`);
  await unpinBinding({ ctx, contactId: params.id, channel: channel.data });
  return json(204, null);
});

export const { GET, POST, PUT, PATCH, OPTIONS } = otherMethods({ DELETE });
