import { apiRoute, otherMethods } from "@/lib/api/handler";
import { getSettings } from "@/lib/settings/get-settings";
import { updateSettingsSchema } from "@/lib/settings/settings.schema";
import { updateSettings } from "@/lib/settings/update-settings";

export const GET = apiRoute({}, async ({ ctx }) => ({ status: 200, body: await getSettings({ ctx }) }));

export const PATCH = apiRoute({ body: updateSettingsSchema }, async ({ ctx, body }) => ({
  status: 200,
  body: await updateSettings({ ctx, input: body }),
}));

export const { POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
