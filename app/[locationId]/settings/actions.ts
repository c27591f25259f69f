"use server";

import { withFieldErrors } from "@/lib/actions/field-errors";
import { memberAction } from "@/lib/actions/safe-action";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { recheckStreams } from "@/lib/events/stream-access";
import { membersOnAppDb } from "@/lib/members/app-db";
import { updateSettings } from "@/lib/settings/update-settings";
import {
  addMemberActionSchema,
  changeMemberRoleActionSchema,
  createApiKeySchema,
  removeMemberActionSchema,
  revokeApiKeySchema,
  saveSettingsSchema,
} from "./settings.schema";

// Settings, webhooks, API keys and members: admins only (the middleware re-reads the role from the DB).
const adminAction = memberAction.metadata({ permission: "manageSettings" });

export const saveSettingsAction = adminAction.inputSchema(saveSettingsSchema).action(async ({ ctx, parsedInput }) =>
  withFieldErrors(saveSettingsSchema, async () => {
    const { locationId: _ignored, ...input } = parsedInput;
    await updateSettings({ ctx, input });
    return { ok: true };
  }),
);

export const createApiKeyAction = adminAction
  .inputSchema(createApiKeySchema)
  .action(async ({ ctx, parsedInput }) => createApiKey({ ctx, name: parsedInput.name }));

export const revokeApiKeyAction = adminAction
  .inputSchema(revokeApiKeySchema)
  .action(async ({ ctx, parsedInput }) => revokeApiKey({ ctx, keyId: parsedInput.keyId }));

export const addMemberAction = adminAction.inputSchema(addMemberActionSchema).action(async ({ ctx, parsedInput }) =>
  withFieldErrors(addMemberActionSchema, async () => {
    const { locationId: _ignored, ...input } = parsedInput;
    const added = await membersOnAppDb.add({ ctx, input });
    // The generated password of a new account goes to the admin once; it is stored only hashed.
    return { member: added.member, existingUser: added.existingUser, password: added.password };
  }),
);

export const changeMemberRoleAction = adminAction
  .inputSchema(changeMemberRoleActionSchema)
  .action(async ({ ctx, parsedInput }) =>
    membersOnAppDb.changeRole({ ctx, member: { userId: parsedInput.userId }, role: parsedInput.role }),
  );

export const removeMemberAction = adminAction.inputSchema(removeMemberActionSchema).action(async ({ ctx, parsedInput }) => {
  const { removed } = await membersOnAppDb.remove({ ctx, member: { userId: parsedInput.userId } });
  recheckStreams(ctx.location.id); // the removed member's live streams in this process end now
  return { removed, self: removed.userId === ctx.user.id };
});
