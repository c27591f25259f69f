// The instances page's action inputs: the HTTP API's own schemas plus the location (and the
// instance), so the dashboard refuses exactly what the API refuses.
import { z } from "zod";
import { createInstanceApiSchema, updateInstanceApiSchema } from "@/lib/instances/instance.schema";

const id = z.string().min(1).max(64);

export const setDefaultInstanceSchema = z.object({ locationId: id, instanceId: id });

export const createInstanceSchema = createInstanceApiSchema.extend({ locationId: id });

/** The edit dialog always sends every field it shows (a patch of all of them). */
export const updateInstanceSchema = updateInstanceApiSchema
  .pick({ label: true, warmingDays: true, assignedUserIds: true })
  .required()
  .extend({ locationId: id, instanceId: id });

export const deleteInstanceSchema = z.object({ locationId: id, instanceId: id, force: z.boolean().default(false) });

/** The gateway card: the API's `gateway` (null: record-only), the same schema PATCH /instances/{id} takes. */
export const saveGatewaySchema = updateInstanceApiSchema.pick({ gateway: true }).required().extend({ locationId: id, instanceId: id });

/** The pacing card: the API's `pacing` (null: the location's). */
export const savePacingSchema = updateInstanceApiSchema.pick({ pacing: true }).required().extend({ locationId: id, instanceId: id });

export const testGatewaySchema = z.object({ locationId: id, instanceId: id });
