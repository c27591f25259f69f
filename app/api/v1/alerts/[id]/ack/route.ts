import { acknowledgeAlert } from "@/lib/alerts/acknowledge-alert";
import { apiRoute, otherMethods } from "@/lib/api/handler";

// An admin (an API key holds admin rights) acknowledges an alert; 404 for another location's.
export const POST = apiRoute({}, async ({ ctx, params }) => ({ status: 200, body: await acknowledgeAlert({ ctx, alertId: params.id }) }));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
