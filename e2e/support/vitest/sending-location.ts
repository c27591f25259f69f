// A location ready to send, for the integration tests of the send path: made with the shared
// factories in the Vitest file's database (setup-db.ts), through the app's own `db` client.
import { randomUUID } from "node:crypto";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import type { Channel } from "@/lib/engine/types";
import { newInboundToken, sealCredentials } from "@/lib/gateways/connection";
import { sendMessage } from "@/lib/routing/send-message";
import { createContact, createLocation, createWhatsappInstances } from "@/lib/seed/factories";

export type SendingLocation = Awaited<ReturnType<typeof sendingLocation>>;

/** `whatsapp` connected WhatsApp instances #1…#n (`defaultIndex` marked default), one contact. */
export async function sendingLocation(options: { whatsapp: number; defaultIndex?: number }) {
  const location = await createLocation(db, { name: `Send path ${randomUUID()}` });
  const ctx: ServiceContext = { location: { id: location.id }, actor: { type: "api_key", id: "nr_test", label: "Test key" } };
  const instances = await createWhatsappInstances(db, {
    locationId: location.id,
    count: options.whatsapp,
    defaultIndex: options.defaultIndex,
  });
  const contact = await createContact(db, { locationId: location.id, phone: "+15550190001", name: "Customer" });
  return { locationId: location.id, ctx, instances, contact };
}

/** One real send to the location's contact, as POST /messages makes it. */
export function send(to: SendingLocation, options: { body?: string; channel?: Channel; idempotencyRecordId?: string } = {}) {
  return sendMessage({
    ctx: to.ctx,
    input: { channel: options.channel ?? "whatsapp", contactId: to.contact.id, body: options.body ?? "Your order has shipped" },
    source: "api",
    idempotencyRecordId: options.idempotencyRecordId,
  });
}

/**
 * Connects an instance to a gateway of our `webhook` kind at `url` (written directly, as the
 * service would store it: sealed secret, fresh inbound token), with `pacing` of its own if given.
 */
export async function connectWebhookGateway(
  instanceId: string,
  url: string,
  options: { secret?: string; pacing?: { minIntervalSeconds?: number; hourlyLimit?: number } } = {},
) {
  await db.instance.update({
    where: { id: instanceId },
    data: {
      gatewayKind: "webhook",
      gatewayUrl: url,
      gatewayConfig: "{}",
      gatewayCredentials: options.secret ? sealCredentials(instanceId, { secret: options.secret }) : null,
      inboundToken: newInboundToken(),
      ...(options.pacing && {
        pacingOverride: true,
        pacingMinIntervalSeconds: options.pacing.minIntervalSeconds ?? null,
        pacingHourlyLimit: options.pacing.hourlyLimit ?? null,
      }),
    },
  });
}
