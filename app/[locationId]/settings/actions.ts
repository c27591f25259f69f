"use server";

import { memberAction } from "@/lib/actions/safe-action";
import { withFieldErrors } from "@/lib/actions/field-errors";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { updateSettings } from "@/lib/settings/update-settings";
import { createApiKeySchema, revokeApiKeySchema, saveSettingsSchema } from "./settings.schema";

// Settings, webhooks and API keys: admins only (the middleware re-reads the role from the DB).
const adminAction = memberAction.metadata({ permission: "manageSettings" });

export const saveSettingsAction = adminAction.inputSchema(saveSettingsSchema).action(async ({ ctx, parsedInput }) =>
  withFieldErrors(saveSettingsSchema, async () => {
    const { locationId: _ignored, ...input } = parsedInput;
    await updateSettings({ ctx, input });
    return { ok: true };
  }),
);

export const createApiKeyAction = adminAction.inputSchema(createApiKeySchema).action(async ({ ctx, parsedInput }) =>
  createApiKey({ ctx, name: parsedInput.name }),
);

export const revokeApiKeyAction = adminAction.inputSchema(revokeApiKeySchema).action(async ({ ctx, parsedInput }) =>
  revokeApiKey({ ctx, keyId: parsedInput.keyId }),
);
