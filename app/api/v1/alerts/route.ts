import { listAlerts } from "@/lib/alerts/list-alerts";
import { apiRoute, otherMethods } from "@/lib/api/handler";

// Open and recent alerts (SPEC §3), newest raised first, with the bell's open count.
export const GET = apiRoute({}, async ({ ctx }) => ({ status: 200, body: await listAlerts({ ctx }) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
