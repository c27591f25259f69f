import "server-only";
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { ADAPTERS } from "@/lib/gateways/adapters/index";
import { gatewayColumns, toConnection } from "@/lib/gateways/connection";
import { gatewayHttpClient } from "@/lib/gateways/http-client";
import type { TestOutcome } from "@/lib/gateways/types";

const TEST_TIMEOUT_MS = 10_000;

/**
 * Asks the instance's gateway whether the connection works (SPEC §3 `POST /instances/{id}/gateway/test`)
 * and answers what it said — a refusal or an unreachable gateway is an answer too, not an error.
 * Through the same guarded client as sending: the address policy applies at connect time as well.
 */
export async function testGateway(options: { ctx: ServiceContext; instanceId: string; baseUrl: string }): Promise<TestOutcome> {
  const locationId = options.ctx.location.id;
  const row = await db.instance.findUnique({
    where: { id: options.instanceId, locationId },
    select: { ...gatewayColumns, location: { select: { webhookSecret: true } } },
  });
  if (!row) throw new AppError("not_found", "Instance not found.");
  const connection = toConnection(row, options.baseUrl, row.location.webhookSecret);
  if (!connection)
    throw new AppError("no_gateway", "This instance is record-only: connect a gateway first (PATCH gateway).", { status: 409 });
  return ADAPTERS[connection.kind].testConnection(connection, {
    http: gatewayHttpClient(),
    timeoutMs: TEST_TIMEOUT_MS,
  });
}
