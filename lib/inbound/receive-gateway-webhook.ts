import "server-only";
// A gateway's own webhook (SPEC §6: POST /api/v1/gateways/{instanceId}/{kind}[/{token}[/…]]). No API
// key and no session: the instance's inbound token in the URL is the credential (compared in
// constant time), or the vendor's signature where it has one — the adapter decides, told whether
// the token matched. An unknown instance, or a kind that is not the instance's, is not found.
import { timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db/client";
import { ADAPTERS } from "@/lib/gateways/adapters/index";
import { gatewayColumns, isGatewayKind, toConnection } from "@/lib/gateways/connection";
import { gatewayHttpClient } from "@/lib/gateways/http-client";
import type { InboundRequest, WebhookParse } from "@/lib/gateways/types";
import { applyGatewayUpdates, type UpdateTally } from "@/lib/inbound/apply-gateway-updates";

/** How long completing a webhook's updates may ask the gateway (a WAHA lid), within the vendor's own webhook timeout. */
const COMPLETE_TIMEOUT_MS = 5_000;

type WebhookAnswer =
  | { kind: "not_found" }
  | { kind: "refused"; status: 400 | 401; message: string }
  | { kind: "reply"; reply: NonNullable<Extract<WebhookParse, { ok: true }>["reply"]> }
  | ({ kind: "applied" } & UpdateTally);

export async function receiveGatewayWebhook(options: {
  instanceId: string;
  kind: string;
  /** The token the request carried (path segment or `?token=`), null when none. */
  token: string | null;
  request: Omit<InboundRequest, "tokenOk">;
  /** The app's public origin (inbound URLs of the connection). */
  baseUrl: string;
}): Promise<WebhookAnswer> {
  const row = await db.instance.findUnique({
    where: { id: options.instanceId },
    select: {
      ...gatewayColumns,
      locationId: true,
      index: true,
      location: { select: { id: true, defaultCountry: true, webhookUrl: true, webhookSecret: true } },
    },
  });
  if (!row || !isGatewayKind(row.gatewayKind) || row.gatewayKind !== options.kind) return { kind: "not_found" };
  const connection = toConnection(row, options.baseUrl, row.location.webhookSecret);
  if (!connection) return { kind: "not_found" };
  const tokenOk = options.token !== null && row.inboundToken !== null && sameSecret(options.token, row.inboundToken);
  const adapter = ADAPTERS[row.gatewayKind];
  const parsed = adapter.parseWebhook(connection, { ...options.request, tokenOk });
  if (!parsed.ok) return { kind: "refused", status: parsed.status, message: parsed.message };
  const updates = adapter.completeUpdates
    ? await adapter.completeUpdates(connection, parsed.updates, { http: gatewayHttpClient(), timeoutMs: COMPLETE_TIMEOUT_MS })
    : parsed.updates;
  if (updates.length < parsed.updates.length) {
    console.warn(
      `[inbound] ${row.gatewayKind} ${row.id}: ${parsed.updates.length - updates.length} update(s) left out: the gateway could not complete them`,
    );
  }
  const tally = await applyGatewayUpdates({
    kind: row.gatewayKind,
    instance: { id: row.id, locationId: row.locationId, channel: row.channel, index: row.index, phone: row.phone },
    location: row.location,
    updates,
  });
  return parsed.reply ? { kind: "reply", reply: parsed.reply } : { kind: "applied", ...tally };
}

/** Constant time for equal lengths; a different length is no match (the length is not the secret). */
function sameSecret(given: string, stored: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}
