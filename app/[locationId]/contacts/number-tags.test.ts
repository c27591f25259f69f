import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bulkTagSchema } from "@/app/[locationId]/contacts/contacts.schema";
import { checkTag } from "@/app/[locationId]/contacts/tag-check";
import { bulkTagContacts } from "@/lib/contacts/bulk-tag-contacts";
import { MAX_TAGS } from "@/lib/contacts/contact.schema";
import { tagRows } from "@/lib/contacts/tag-rows";
import { db } from "@/lib/db/client";
import { createContact, createLocation } from "@/lib/seed/factories";

async function setup() {
  const location = await createLocation(db, { name: `Bulk tag ${randomUUID()}` });
  const ctx = { location: { id: location.id }, actor: { type: "system" as const, id: null, label: "test" } };
  const full = await createContact(db, {
    locationId: location.id,
    phone: "+15550130001",
    name: "Full",
    tags: Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`),
  });
  const almost = await createContact(db, {
    locationId: location.id,
    phone: "+15550130002",
    name: "Almost",
    tags: Array.from({ length: MAX_TAGS - 1 }, (_, i) => `t${i}`),
  });
  const empty = await createContact(db, { locationId: location.id, phone: "+15550130003", name: "Empty" });
  const tagCount = (id: string) => db.contactTag.count({ where: { contactId: id } });
  return { ctx, full, almost, empty, tagCount };
}

describe("bulk tag", () => {
  it("keeps every contact within the tag limit: a selection with a full contact changes nothing", async () => {
    const { ctx, full, almost, empty, tagCount } = await setup();
    await expect(bulkTagContacts({ ctx, contactIds: [empty.id, full.id, almost.id], tag: "promo" })).rejects.toMatchObject({
      code: "invalid_request",
      details: { field: "tag" },
      message: expect.stringContaining(`${MAX_TAGS} tags`),
    });
    expect([await tagCount(full.id), await tagCount(almost.id), await tagCount(empty.id)]).toEqual([MAX_TAGS, MAX_TAGS - 1, 0]);
  });

  it("fills a contact up to the limit, and a tag it already has does not count", async () => {
    const { ctx, full, almost, empty, tagCount } = await setup();
    expect(await bulkTagContacts({ ctx, contactIds: [almost.id, empty.id], tag: "promo" })).toEqual({ updated: 2, alreadyTagged: 0 });
    expect(await tagCount(almost.id)).toBe(MAX_TAGS);
    expect(await bulkTagContacts({ ctx, contactIds: [full.id, almost.id], tag: "t0" })).toEqual({ updated: 0, alreadyTagged: 2 });
  });

  it("the dashboard's bulk-tag form refuses a tag with control or bidi characters", () => {
    const input = { locationId: "l", contactIds: ["c"] };
    expect(bulkTagSchema.safeParse({ ...input, tag: "wa:\u202E+15550100001" }).success).toBe(false);
    expect(bulkTagSchema.safeParse({ ...input, tag: "bell\u0007" }).success).toBe(false);
    expect(bulkTagSchema.safeParse({ ...input, tag: "wa: +1 555 010 0001" }).success).toBe(true);
  });

  // Bulk tagging, the tag editor and the API's stored rows all read tags with the engine's
  // readNumberTag. Bulk tagging had its own regex that took "sms:" (a number tag with no number,
  // which routing counts as an invalid tag) for free text and stored it without a channel.
  it.each([
    { tag: "Sms : +1 555 010 0001", channel: "sms", phone: "+15550100001", editor: "number" },
    { tag: "WA:+1-555-BILLING", channel: "whatsapp", phone: "+15552455464", editor: "number" },
    { tag: "im:\u00a0555 010 0001", channel: "imessage", phone: "+15550100001", editor: "number" },
    { tag: "sms:", channel: "sms", phone: null, editor: "invalid" },
    { tag: "WA :", channel: "whatsapp", phone: null, editor: "invalid" },
    { tag: "wa: call me", channel: "whatsapp", phone: null, editor: "invalid" },
    { tag: "whatsapp: +1 555 010 0001", channel: null, phone: null, editor: "plain" },
    { tag: "VIP", channel: null, phone: null, editor: "plain" },
  ] as const)("reads $tag as routing does", async ({ tag, channel, phone, editor }) => {
    const { ctx, empty } = await setup();
    expect(tagRows([tag], "US")[0]).toMatchObject({ channel, phone });
    expect(checkTag(tag, []).kind).toBe(editor);
    if (editor === "invalid") {
      await expect(bulkTagContacts({ ctx, contactIds: [empty.id], tag })).rejects.toMatchObject({
        code: "invalid_request",
        details: { field: "tag" },
      });
      expect(await db.contactTag.count({ where: { contactId: empty.id } })).toBe(0);
      return;
    }
    expect(await bulkTagContacts({ ctx, contactIds: [empty.id], tag })).toEqual({ updated: 1, alreadyTagged: 0 });
    expect(await db.contactTag.findFirstOrThrow({ where: { contactId: empty.id } })).toMatchObject({ value: tag, channel, phone });
  });
});
