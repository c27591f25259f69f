import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { connectWebhookGateway } from "@/e2e/support/vitest/sending-location";
import { db } from "@/lib/db/client";
import { startDispatcher } from "@/lib/delivery/dispatcher";
import { type DomainEvent, domainEventSchema, EVENT_TYPES } from "@/lib/events/event-types";
import { reportInstanceStatus } from "@/lib/instances/report-instance-status";
import { reportDelivery } from "@/lib/messages/report-delivery";
import { sendMessage } from "@/lib/routing/send-message";
import { createInstance, createLocation } from "@/lib/seed/factories";

// Every writer of live events and webhooks, run for real against the test database: what each
// stored is read back with the one schema the dashboard parses the stream with.
async function setup() {
  const location = await createLocation(db, { name: `Events ${randomUUID()}` });
  const ctx = { location: { id: location.id }, actor: { type: "system" as const, id: null, label: "test" } };
  const instance = await createInstance(db, {
    locationId: location.id,
    channel: "whatsapp",
    index: 1,
    label: "Orders",
    phone: "+1 555 010 0001",
    status: "connected",
    isDefault: true,
  });
  // Set directly (not through the settings service): no worker runs here, so nothing is delivered.
  await db.location.update({
    where: { id: location.id },
    data: { webhookUrl: "https://receiver.example/hook", webhookSecret: "whsec_test" },
  });
  return { location, ctx, instance };
}

async function stored(locationId: string) {
  const events = await db.event.findMany({ where: { locationId }, orderBy: { seq: "asc" } });
  const webhooks = await db.webhookDelivery.findMany({ where: { locationId } });
  return {
    events: events.map((e) => domainEventSchema.parse({ type: e.type, data: JSON.parse(e.payload) })),
    webhooks: webhooks.map((w) => {
      const body = JSON.parse(w.payload) as { type: string; timestamp: string; data: unknown };
      expect(body.type).toBe(w.eventType);
      return domainEventSchema.parse(body);
    }),
  };
}

describe("domain events", () => {
  it("every writer's event parses with the shared schema, and webhooks carry the same data", async () => {
    const { location, ctx, instance } = await setup();
    const phone = "+15550200001";
    const routed = await sendMessage({ ctx, input: { channel: "whatsapp", phone, body: "Hi" }, source: "api" });
    await reportDelivery({ ctx, messageId: routed.messageId, report: { status: "failed", error: "Handset unreachable" } });
    await sendMessage({ ctx, input: { channel: "whatsapp", phone, body: "Hi {{WA#9}}" }, source: "api" });
    await reportInstanceStatus({
      ctx,
      instanceId: instance.id,
      report: { status: "disconnected", reason: "logged_out" },
      source: "gateway",
      admin: false,
    });
    // A gateway on a cloud metadata address is refused whatever ALLOW_PRIVATE_GATEWAYS says: the
    // outbox fails the message at once (transport_failed).
    await connectWebhookGateway(instance.id, "http://169.254.169.254/send");
    await reportInstanceStatus({ ctx, instanceId: instance.id, report: { status: "qr_pending" }, source: "gateway", admin: false });
    await reportInstanceStatus({ ctx, instanceId: instance.id, report: { status: "connecting" }, source: "gateway", admin: false });
    await reportInstanceStatus({ ctx, instanceId: instance.id, report: { status: "connected" }, source: "gateway", admin: false });
    const transported = await sendMessage({ ctx, input: { channel: "whatsapp", phone, body: "Hi again" }, source: "api" });
    expect(transported.body.status).toBe("queued");
    const dispatcher = startDispatcher();
    for (let k = 0; k < 100 && (await db.message.findUniqueOrThrow({ where: { id: transported.messageId } })).status !== "failed"; k++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    dispatcher.stop();

    const { events, webhooks } = await stored(location.id);
    const failures = events.filter((e) => e.type === "message.failed").map((e) => e.data);
    expect(events.map((e) => e.type)).toEqual([
      "message.routed",
      "message.status_changed",
      "message.failed",
      "message.failed",
      "instance.status_changed",
      "instance.status_changed",
      "instance.status_changed",
      "instance.status_changed",
      "message.routed",
      "message.status_changed",
      "message.failed",
    ]);
    const contact = { id: routed.body.contactId, phone };
    expect(failures).toMatchObject([
      {
        errorCode: "delivery_failed",
        errorName: "delivery_failed",
        message: "Handset unreachable",
        rule: "default_instance",
        contact,
        index: 1,
        phone: "+15550100001",
      },
      { errorCode: 101, errorName: "override_instance_not_found", rule: "manual_override", contact, instance: null, index: null },
      { errorCode: "transport_failed", errorName: "transport_failed", rule: "default_instance", contact, index: 1, phone: "+15550100001" },
    ]);
    expect(events.find((e) => e.type === "instance.status_changed")?.data).toMatchObject({
      instanceId: instance.id,
      index: 1,
      phone: "+15550100001",
      from: "connected",
      to: "disconnected",
      reason: "logged_out",
      source: "gateway",
    });
    // Webhooks: every status change and every failure (SPEC §3), with the live event's data.
    const inOrder = (list: DomainEvent[]) => list.map((e) => JSON.stringify(e)).sort();
    expect(inOrder(webhooks)).toEqual(inOrder(events.filter((e) => e.type !== "message.routed" && e.type !== "message.status_changed")));
  });
});

describe("domain event schema", () => {
  const samples: DomainEvent[] = [
    {
      type: "instance.status_changed",
      data: {
        instanceId: "i1",
        channel: "sms",
        index: 2,
        phone: null,
        label: "Backup",
        from: "connected",
        fromReason: null,
        to: "disconnected",
        reason: "banned",
        source: "admin",
        healthScore: 55,
        at: "2025-06-15T12:00:00.000Z",
      },
    },
    {
      type: "message.routed",
      data: {
        messageId: "m1",
        channel: "imessage",
        contactId: "c1",
        rule: "contact_tag",
        status: "sent",
        instanceId: "i2",
        index: 1,
        phone: "+15553000001",
        label: "Sales",
        at: "2025-06-15T12:00:00.000Z",
      },
    },
    {
      type: "message.failed",
      data: {
        messageId: "m2",
        channel: "whatsapp",
        contactId: "c1",
        contact: { id: "c1", phone: "+15552000001" },
        errorCode: "ambiguous_override",
        errorName: "ambiguous_override",
        message: "Two senders",
        rule: "manual_override",
        instance: { id: null, index: 3, phone: "+15550100003", label: "Gone" },
        index: 3,
        phone: "+15550100003",
        at: "2025-06-15T12:00:00.000Z",
      },
    },
    {
      type: "message.status_changed",
      data: {
        messageId: "m2",
        channel: "whatsapp",
        contactId: "c1",
        instanceId: "i1",
        from: "queued",
        to: "sent",
        detail: "HTTP 201",
        providerMessageId: "BAE594145F4C59B4",
        at: "2025-06-15T12:00:03.000Z",
      },
    },
    {
      type: "message.inbound",
      data: {
        inboundId: "in1",
        channel: "whatsapp",
        contactId: "c1",
        contactPhone: "+15550200001",
        instanceId: "i1",
        index: 1,
        phone: "+15550100001",
        body: "Where is my order?",
        providerMessageId: null,
        at: "2025-06-15T12:00:04.000Z",
      },
    },
    {
      type: "alert.raised",
      data: {
        alertId: "a1",
        kind: "banned",
        channel: "whatsapp",
        instance: { id: "i1", index: 1, phone: "+15550100001", label: "Orders" },
        message: "WA #1 Orders (+15550100001) is banned: it cannot send until an admin resets it.",
        since: "2025-06-15T12:00:05.000Z",
        at: "2025-06-15T12:00:05.000Z",
      },
    },
  ];

  it("round-trips every event type through JSON", () => {
    expect(samples.map((s) => s.type).sort()).toEqual([...EVENT_TYPES].sort());
    for (const sample of samples) expect(domainEventSchema.parse(JSON.parse(JSON.stringify(sample)))).toEqual(sample);
  });

  it.each(samples.flatMap((s) => Object.keys(s.data).map((field) => [s.type, field] as const)))("refuses %s without %s", (type, field) => {
    const sample = samples.find((s) => s.type === type)!;
    const data: Record<string, unknown> = { ...sample.data };
    delete data[field];
    expect(domainEventSchema.safeParse({ type, data }).success).toBe(false);
  });

  it("refuses the field names the dashboard used to guess between", () => {
    const { to, ...rest } = samples[0].data as Extract<DomainEvent, { type: "instance.status_changed" }>["data"];
    expect(domainEventSchema.safeParse({ type: "instance.status_changed", data: { ...rest, toStatus: to } }).success).toBe(false);
    expect(domainEventSchema.safeParse({ type: "message.sent", data: samples[1].data }).success).toBe(false);
  });
});
