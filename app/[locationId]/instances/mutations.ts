"use server";

import { withFieldErrors } from "@/lib/actions/field-errors";
import { memberAction } from "@/lib/actions/safe-action";
import { createInstance } from "@/lib/instances/create-instance";
import { deleteInstance } from "@/lib/instances/delete-instance";
import { testGateway } from "@/lib/instances/test-gateway";
import { updateInstance } from "@/lib/instances/update-instance";
import {
  createInstanceSchema,
  deleteInstanceSchema,
  saveGatewaySchema,
  savePacingSchema,
  setDefaultInstanceSchema,
  testGatewaySchema,
  updateInstanceSchema,
} from "./instances.schema";
import { requestOrigin } from "./request-origin";

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

/** The gateway connection, through the same service as PATCH /instances/{id}: its refusals land on their fields. */
export const saveGatewayAction = adminAction.inputSchema(saveGatewaySchema).action(async ({ ctx, parsedInput }) =>
  withFieldErrors(saveGatewaySchema, async () => {
    const instance = await updateInstance({ ctx, instanceId: parsedInput.instanceId, patch: { gateway: parsedInput.gateway } });
    return { id: instance.id };
  }),
);

export const savePacingAction = adminAction.inputSchema(savePacingSchema).action(async ({ ctx, parsedInput }) =>
  withFieldErrors(savePacingSchema, async () => {
    const instance = await updateInstance({ ctx, instanceId: parsedInput.instanceId, patch: { pacing: parsedInput.pacing } });
    return { id: instance.id };
  }),
);

/** What the gateway answers (POST /instances/{id}/gateway/test): it makes the server call out, so admins only. */
export const testGatewayAction = adminAction
  .inputSchema(testGatewaySchema)
  .action(async ({ ctx, parsedInput }) => testGateway({ ctx, instanceId: parsedInput.instanceId, baseUrl: await requestOrigin() }));
