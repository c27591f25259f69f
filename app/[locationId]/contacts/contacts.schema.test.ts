import { describe, expect, it } from "vitest";
import { updateContactSchema as updateContactApiSchema } from "@/lib/contacts/contact.schema";
import { updateContactSchema } from "./contacts.schema";

// The contact sheet validates with the API's own schema: a tag the API stores, the dashboard saves.
describe("contact sheet input", () => {
  it.each([
    ["a 150-character tag (the dashboard used to stop at 120)", "t".repeat(150), true],
    ["a 201-character tag", "t".repeat(201), false],
    ["an empty tag", " ", false],
  ])("agrees with PATCH /contacts on %s", (_name, tag, ok) => {
    const sheet = updateContactSchema.safeParse({ locationId: "l", contactId: "c", tags: [tag], assignedUserId: null });
    const api = updateContactApiSchema.safeParse({ tags: [tag], assignedUserId: null });
    expect([sheet.success, api.success]).toEqual([ok, ok]);
  });
});
