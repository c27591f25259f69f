import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { auditOp } from "@/lib/audit/audit-op";
import { db } from "@/lib/db/client";
import { retryOnRace } from "@/lib/db/errors";
import type { Channel } from "@/lib/engine/types";
import { AppError, invalidRequest } from "@/lib/errors";
import { credentialsRequired, defaultGatewayUrl, newInboundToken, sealCredentials } from "@/lib/gateways/connection";
import type { GatewayInput, Pacing } from "@/lib/gateways/gateway.schema";
import { NO_PACING } from "@/lib/gateways/gateway.schema";
import { pacingColumns, pacingOf } from "@/lib/gateways/pacing-columns";
import type { UpdateInstancePatch } from "@/lib/instances/instance.schema";
import { instanceSelect, instanceView } from "@/lib/instances/instance-view";
import { gatewayPolicy } from "@/lib/net/guarded-post";
import { vetOnSave } from "@/lib/net/vet-on-save";
import { invalidateSnapshot } from "@/lib/routing/snapshot-cache";

type InstanceRow = Awaited<ReturnType<typeof loadInstance>>;

/**
 * Label, default flag, warming override and assigned users, in one transaction with its audit
 * entry. Marking a default unsets the channel's previous one in the same transaction (the unique
 * index on defaultChannel would refuse two). Assigning a user moves them off their previous
 * instance on this channel (a user has at most one per channel).
 *
 * The gateway connection (SPEC §3, §6): null makes the instance record-only; a connection's URL is
 * vetted against the gateway address policy (private networks only with ALLOW_PRIVATE_GATEWAYS);
 * credentials given are sealed, credentials left out keep the stored ones while the kind stays the
 * same — a new kind that needs credentials without them is refused and nothing changes. Pacing:
 * null inherits the location's, an object overrides it. The audit entry never holds credentials.
 */
export async function updateInstance(options: { ctx: ServiceContext; instanceId: string; patch: UpdateInstancePatch }) {
  const { ctx, instanceId, patch } = options;
  const locationId = ctx.location.id;
  const gatewayUrl = patch.gateway ? defaultGatewayUrl(patch.gateway.kind, patch.gateway.url) : undefined;
  if (gatewayUrl) await vetOnSave("gateway.url", gatewayUrl, gatewayPolicy());
  // Two processes marking defaults at once: the unique index on defaultChannel refuses the later
  // one, which runs again and unsets the earlier.
  return retryOnRace(async () => {
    const row = await loadInstance(instanceId, locationId);
    if (!row) throw new AppError("not_found", "Instance not found.");
    const connection = patch.gateway === undefined ? {} : connectionData(row, patch.gateway, gatewayUrl);
    const pacing = patch.pacing === undefined ? {} : pacingData(patch.pacing);
    const channel = row.channel as Channel;
    const userIds = patch.assignedUserIds ? [...new Set(patch.assignedUserIds)] : undefined;
    if (userIds?.length) {
      const members = await db.membership.findMany({
        where: { locationId, active: true, userId: { in: userIds } },
        select: { userId: true },
      });
      const known = new Set(members.map((m) => m.userId));
      const missing = userIds.find((u) => !known.has(u));
      if (missing)
        throw new AppError("not_found", `User ${missing} not found in this location.`, { details: { field: "assignedUserIds" } });
    }
    const ops = [];
    if (patch.isDefault === true && !row.isDefault) {
      ops.push(
        db.instance.updateMany({ where: { locationId, channel, isDefault: true }, data: { isDefault: false, defaultChannel: null } }),
      );
    }
    ops.push(
      db.instance.update({
        where: { id: instanceId, locationId },
        data: {
          label: patch.label,
          warmingDays: patch.warmingDays,
          ...connection,
          ...pacing,
          ...(patch.isDefault === undefined ? {} : { isDefault: patch.isDefault, defaultChannel: patch.isDefault ? channel : null }),
        },
      }),
    );
    if (userIds) {
      ops.push(db.userInstance.deleteMany({ where: { locationId, instanceId, userId: { notIn: userIds } } }));
      for (const userId of userIds) {
        ops.push(
          db.userInstance.upsert({
            where: { locationId_userId_channel: { locationId, userId, channel } },
            create: { locationId, userId, channel, instanceId },
            update: { instanceId },
          }),
        );
      }
    }
    const before = auditable(row);
    const after = {
      ...before,
      ...(patch.label === undefined ? {} : { label: patch.label }),
      ...(patch.warmingDays === undefined ? {} : { warmingDays: patch.warmingDays }),
      ...(patch.isDefault === undefined ? {} : { isDefault: patch.isDefault }),
      ...(userIds ? { assignedUserIds: userIds } : {}),
      ...(patch.gateway === undefined ? {} : { gateway: auditableGateway({ ...row, ...connection }) }),
      ...(patch.pacing === undefined ? {} : { pacing: patch.pacing }),
    };
    ops.push(auditOp(ctx, { action: "instance.updated", entityType: "instance", entityId: instanceId, before, after }));
    await db.$transaction(ops);
    invalidateSnapshot(locationId);
    const updated = await db.instance.findUniqueOrThrow({ where: { id: instanceId, locationId }, select: instanceSelect });
    return instanceView(updated);
  });
}

function loadInstance(instanceId: string, locationId: string) {
  return db.instance.findUnique({ where: { id: instanceId, locationId }, select: instanceSelect });
}

/** The gateway columns a PATCH writes (`url`: the vetted URL, with Twilio's default filled in). */
function connectionData(row: NonNullable<InstanceRow>, gateway: GatewayInput | null, url: string | undefined) {
  if (gateway === null) return { gatewayKind: null, gatewayUrl: null, gatewayConfig: null, gatewayCredentials: null };
  let gatewayCredentials: string | null;
  if (gateway.credentials) gatewayCredentials = sealCredentials(row.id, gateway.credentials);
  else if (row.gatewayKind === gateway.kind) gatewayCredentials = row.gatewayCredentials;
  else if (credentialsRequired(gateway.kind))
    throw invalidRequest(
      [{ path: "gateway.credentials", message: `A ${gateway.kind} gateway needs its credentials: the stored ones were for another kind.` }],
      "Credentials are required for a new gateway kind.",
    );
  else gatewayCredentials = null;
  const config =
    gateway.kind === "evolution"
      ? { instance: gateway.instance }
      : gateway.kind === "waha"
        ? { session: gateway.session }
        : gateway.kind === "twilio"
          ? { accountSid: gateway.accountSid }
          : null;
  return {
    gatewayKind: gateway.kind,
    gatewayUrl: url ?? null,
    gatewayConfig: config ? JSON.stringify(config) : null,
    gatewayCredentials,
    // Instances made before tokens existed get theirs with their first connection.
    ...(row.inboundToken ? {} : { inboundToken: newInboundToken() }),
  };
}

function pacingData(pacing: Pacing | null) {
  return { pacingOverride: pacing !== null, ...pacingColumns(pacing ?? NO_PACING) };
}

type AuditRow = NonNullable<InstanceRow>;

function auditable(row: AuditRow) {
  const view = instanceView(row);
  return {
    label: view.label,
    isDefault: view.isDefault,
    warmingDays: view.warmingDays,
    assignedUserIds: view.assignedUserIds,
    gateway: auditableGateway(row),
    pacing: row.pacingOverride ? pacingOf(row) : null,
  };
}

/** The connection as the audit log shows it: never the credentials, only that some are stored. */
function auditableGateway(row: Pick<AuditRow, "gatewayKind" | "gatewayUrl" | "gatewayConfig" | "gatewayCredentials">) {
  if (!row.gatewayKind) return null;
  return {
    kind: row.gatewayKind,
    url: row.gatewayUrl,
    ...(row.gatewayConfig ? (JSON.parse(row.gatewayConfig) as Record<string, string>) : {}),
    credentials: row.gatewayCredentials ? "(stored)" : null,
  };
}
