import "server-only";
// An instance's gateway connection, between the database row and the adapters: the sealed
// credentials opened (lib/security/secret-box), the provider fields parsed, the inbound URL built.
// The read view never carries credentials (SPEC §3: write-only), only whether they are stored.
import { randomBytes } from "node:crypto";
import type { Channel } from "@/lib/engine/types";
import { CREDENTIALS_REQUIRED, TWILIO_API_URL } from "@/lib/gateways/gateway.schema";
import { GATEWAY_KINDS, type GatewayConnection, type GatewayKind } from "@/lib/gateways/types";
import { open, seal } from "@/lib/security/secret-box";

/** The columns of Instance a connection is made of. */
export type GatewayColumns = {
  id: string;
  channel: string;
  phone: string | null;
  gatewayKind: string | null;
  gatewayUrl: string | null;
  gatewayConfig: string | null;
  gatewayCredentials: string | null;
  inboundToken: string | null;
};

export const gatewayColumns = {
  id: true,
  channel: true,
  phone: true,
  gatewayKind: true,
  gatewayUrl: true,
  gatewayConfig: true,
  gatewayCredentials: true,
  inboundToken: true,
} as const;

export type GatewayView = {
  kind: GatewayKind;
  url: string;
  instance?: string;
  session?: string;
  accountSid?: string;
  hasCredentials: boolean;
  inboundUrl: string;
};

export function isGatewayKind(value: string | null): value is GatewayKind {
  return value !== null && (GATEWAY_KINDS as readonly string[]).includes(value);
}

export function newInboundToken(): string {
  return randomBytes(24).toString("base64url");
}

/** `{base}/api/v1/gateways/{instanceId}/{kind}/{token}`: the URL to paste into the gateway's webhook settings. */
function inboundUrl(base: string, instanceId: string, kind: GatewayKind, token: string): string {
  return `${base.replace(/\/+$/, "")}/api/v1/gateways/${encodeURIComponent(instanceId)}/${kind}/${token}`;
}

export function gatewayView(row: GatewayColumns, base: string): GatewayView | null {
  if (!isGatewayKind(row.gatewayKind) || !row.gatewayUrl) return null;
  const config = parseConfig(row.gatewayConfig);
  return {
    kind: row.gatewayKind,
    url: row.gatewayUrl,
    ...(row.gatewayKind === "evolution" && { instance: config.instance ?? "" }),
    ...(row.gatewayKind === "waha" && { session: config.session ?? "" }),
    ...(row.gatewayKind === "twilio" && { accountSid: config.accountSid ?? "" }),
    hasCredentials: row.gatewayCredentials !== null,
    inboundUrl: inboundUrl(base, row.id, row.gatewayKind, row.inboundToken ?? ""),
  };
}

/**
 * The adapter's view of the connection; null for a record-only instance. `fallbackSecret`: the
 * location's webhook secret, which signs a `webhook` connection without a secret of its own (the
 * per-location gateway URL this kind replaced was signed with it).
 */
export function toConnection(row: GatewayColumns, base: string, fallbackSecret: string | null = null): GatewayConnection | null {
  if (!isGatewayKind(row.gatewayKind) || !row.gatewayUrl) return null;
  const credentials = row.gatewayCredentials ? (JSON.parse(open(row.gatewayCredentials, row.id)) as GatewayConnection["credentials"]) : {};
  if (row.gatewayKind === "webhook" && !credentials.secret && fallbackSecret) credentials.secret = fallbackSecret;
  return {
    kind: row.gatewayKind,
    instanceId: row.id,
    channel: row.channel as Channel,
    instancePhone: row.phone,
    url: row.gatewayUrl,
    config: parseConfig(row.gatewayConfig),
    credentials,
    inboundUrl: inboundUrl(base, row.id, row.gatewayKind, row.inboundToken ?? ""),
  };
}

export function sealCredentials(instanceId: string, credentials: GatewayConnection["credentials"]): string {
  return seal(JSON.stringify(credentials), instanceId);
}

export function defaultGatewayUrl(kind: GatewayKind, url: string | undefined): string | undefined {
  return url ?? (kind === "twilio" ? TWILIO_API_URL : undefined);
}

export function credentialsRequired(kind: GatewayKind): boolean {
  return CREDENTIALS_REQUIRED[kind];
}

function parseConfig(text: string | null): GatewayConnection["config"] {
  if (!text) return {};
  try {
    return JSON.parse(text) as GatewayConnection["config"];
  } catch {
    return {};
  }
}
