import { apiRoute, otherMethods } from "@/lib/api/handler";
import { routeMessage } from "@/lib/routing/route-message";
import { sendMessageSchema } from "@/lib/routing/send.schema";

// Dry run: the same body as POST /messages, the same answer as dryRun: true. Nothing is stored.
export const POST = apiRoute({ body: sendMessageSchema }, async ({ ctx, body }) => (await routeMessage({ ctx, input: body })).response);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
