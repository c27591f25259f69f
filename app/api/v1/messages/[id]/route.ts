import { apiRoute, otherMethods } from "@/lib/api/handler";
import { getMessage } from "@/lib/messages/get-message";

export const GET = apiRoute({}, async ({ ctx, params }) => ({ status: 200, body: await getMessage({ ctx, messageId: params.id }) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
