// Tenants for tests that must not see each other: a fresh location (with its own API key and
// instances) created straight in the database with the shared factories. The API suite adds
// members and contacts (fixtures.ts), the scale suite warming limits and a webhook target.
import { randomBytes } from "node:crypto";
import { insertApiKey } from "@/lib/api-keys/insert-api-key";
import type { createPrismaClient } from "@/lib/db/create-client";
import type { Channel, InstanceStatus, StatusReason } from "@/lib/engine/types";
import { createInstance, createLocation } from "@/lib/seed/factories";

export type Db = ReturnType<typeof createPrismaClient>;

export type InstanceSpec = {
  channel: Channel;
  index: number;
  phone: string;
  label?: string;
  status?: InstanceStatus;
  statusReason?: StatusReason | null;
  isDefault?: boolean;
  healthScore?: number;
  firstConnectedAt?: Date | null;
};

/** The instance pool most API tests use: WhatsApp #1–#3 connected (#2 default), iMessage #1, SMS #1. */
export const POOL: InstanceSpec[] = [
  { channel: "whatsapp", index: 1, phone: "+1 555 010 0001", label: "Orders" },
  { channel: "whatsapp", index: 2, phone: "+1 555 010 0002", label: "Support", isDefault: true },
  { channel: "whatsapp", index: 3, phone: "+1 555 010 0003", label: "Billing" },
  { channel: "imessage", index: 1, phone: "+1 555 020 0001", label: "iMessage" },
  { channel: "sms", index: 1, phone: "+1 555 030 0001", label: "SMS" },
];

type TenantRows = {
  id: string;
  key: string;
  /** "whatsapp#1" → instance id */
  instances: Record<string, string>;
  /** Random hex naming this tenant's rows (users' e-mails, the key). */
  tag: string;
};

/** A location named `${name} <tag>` with a fresh API key (`${keyPrefix}_<tag>_…`) and `instances`. */
export async function createTenantRows(
  db: Db,
  options: { name: string; keyPrefix: string; instances?: InstanceSpec[]; rotationStrategy?: string },
): Promise<TenantRows> {
  const tag = randomBytes(4).toString("hex");
  const location = await createLocation(db, { name: `${options.name} ${tag}`, rotationStrategy: options.rotationStrategy });
  const { key } = await insertApiKey(db, {
    locationId: location.id,
    plainKey: `${options.keyPrefix}_${tag}_${randomBytes(16).toString("hex")}`,
  });
  const instances: Record<string, string> = {};
  for (const spec of options.instances ?? []) {
    const row = await createInstance(db, { locationId: location.id, label: spec.label ?? `${spec.channel} ${spec.index}`, ...spec });
    instances[`${spec.channel}#${spec.index}`] = row.id;
  }
  return { id: location.id, key, instances, tag };
}

/**
 * The tests write to the database the server is writing to. A factory's read-then-write
 * transaction can meet SQLITE_BUSY (Prisma: "Operation has timed out") when the server commits in
 * between; building the tenant again is safe (fresh names, nothing of it used yet).
 */
export async function retryBusy<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (error) {
      if (i >= attempts || !/timed out|SQLITE_BUSY|database is locked/i.test(String((error as Error).message))) throw error;
      await new Promise((r) => setTimeout(r, 50 * i));
    }
  }
}
