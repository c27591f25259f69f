"use server";

import { withFieldErrors } from "@/lib/actions/field-errors";
import { memberAction } from "@/lib/actions/safe-action";
import { createInstance } from "@/lib/instances/create-instance";
import { deleteInstance } from "@/lib/instances/delete-instance";
import { updateInstance } from "@/lib/instances/update-instance";
import { createInstanceSchema, deleteInstanceSchema, setDefaultInstanceSchema, updateInstanceSchema } from "./instances.schema";

// Every change goes through the instances service (the same one the HTTP API uses), which
// validates, writes the audit entry and publishes the live event. Admins only.
const adminAction = memberAction.metadata({ permission: "manageInstances" });

export const setDefaultInstanceAction = adminAction.inputSchema(setDefaultInstanceSchema).action(async ({ ctx, parsedInput }) => {
  const instance = await updateInstance({ ctx, instanceId: parsedInput.instanceId, patch: { isDefault: true } });
  return { id: instance.id };
});

export const createInstanceAction = adminAction.inputSchema(createInstanceSchema).action(async ({ ctx, parsedInput }) =>
  withFieldErrors(createInstanceSchema, async () => {
    const instance = await createInstance({
      ctx,
      input: { channel: parsedInput.channel, phone: parsedInput.phone, label: parsedInput.label },
    });
    return { id: instance.id, label: instance.label };
  }),
);

export const updateInstanceAction = adminAction.inputSchema(updateInstanceSchema).action(async ({ ctx, parsedInput }) =>
  withFieldErrors(updateInstanceSchema, async () => {
    const { instanceId, label, warmingDays, assignedUserIds } = parsedInput;
    const instance = await updateInstance({ ctx, instanceId, patch: { label, warmingDays, assignedUserIds } });
    return { id: instance.id };
  }),
);

export const deleteInstanceAction = adminAction.inputSchema(deleteInstanceSchema).action(async ({ ctx, parsedInput }) => {
  await deleteInstance({ ctx, instanceId: parsedInput.instanceId, force: parsedInput.force });
  return { ok: true };
});
