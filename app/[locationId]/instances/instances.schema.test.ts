import { describe, expect, it } from "vitest";
import { createInstanceApiSchema, updateInstanceApiSchema } from "@/lib/instances/instance.schema";
import { createInstanceSchema, updateInstanceSchema } from "./instances.schema";

// The instance dialogs validate with the API's own schemas: same limits, same words by the field.
describe("instance dialog input", () => {
  it("refuses what POST /instances refuses, with the message shown by the field", () => {
    const input = { channel: "sms", phone: "1", label: "" };
    const dialog = createInstanceSchema.safeParse({ locationId: "l", ...input });
    const api = createInstanceApiSchema.safeParse(input);
    const messages = (r: typeof api) => Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(messages(dialog)).toEqual({
      phone: "Type the phone number, e.g. +1 555 010 0005",
      label: "Give the number a label people recognise",
    });
    expect(messages(api)).toEqual(messages(dialog));
  });

  it("accepts as many assigned users as PATCH /instances (the dialog used to stop at 200)", () => {
    const assignedUserIds = Array.from({ length: 300 }, (_, i) => `u${i}`);
    const patch = { label: "Sales", warmingDays: null, assignedUserIds };
    expect(updateInstanceSchema.safeParse({ locationId: "l", instanceId: "i", ...patch }).success).toBe(true);
    expect(updateInstanceApiSchema.safeParse(patch).success).toBe(true);
    expect(updateInstanceSchema.safeParse({ locationId: "l", instanceId: "i", label: "Sales", assignedUserIds }).success).toBe(false);
  });
});
