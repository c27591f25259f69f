// API test fixtures: every test gets its own location (tenant) created straight in the e2e
// database with the shared factories, with its own API key, members and instances — so tests run
// in parallel without seeing each other, and never depend on demo-data details.
import { randomBytes } from "node:crypto";
import { test as base, expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { createPrismaClient } from "@/lib/db/create-client";
import { insertApiKey } from "@/lib/api-keys/insert-api-key";
import { assignInstance, createContact, createInstance, createLocation, createUser } from "@/lib/seed/factories";
import type { Channel, InstanceStatus, StatusReason } from "@/lib/engine/types";
import { E2E_DATABASE_URL } from "../../playwright.config";

type Db = ReturnType<typeof createPrismaClient>;

export type InstanceSpec = {
  channel: Channel; index: number; phone: string; label?: string;
  status?: InstanceStatus; statusReason?: StatusReason | null; isDefault?: boolean; healthScore?: number;
  firstConnectedAt?: Date | null;
};

export type Tenant = {
  id: string;
  key: string;
  users: { admin: string; agent: string };
  instances: Record<string, string>; // "whatsapp#1" → id
  api: Api;
};

export class Api {
  constructor(private request: APIRequestContext, readonly key: string) {}
  private headers(extra?: Record<string, string>) {
    return { authorization: `Bearer ${this.key}`, ...extra };
  }
  get(path: string, headers?: Record<string, string>) {
    return this.request.get(`/api/v1${path}`, { headers: this.headers(headers) });
  }
  post(path: string, data?: unknown, headers?: Record<string, string>) {
    return this.request.post(`/api/v1${path}`, { data: data as object, headers: this.headers(headers) });
  }
  patch(path: string, data?: unknown, headers?: Record<string, string>) {
    return this.request.patch(`/api/v1${path}`, { data: data as object, headers: this.headers(headers) });
  }
  delete(path: string) {
    return this.request.delete(`/api/v1${path}`, { headers: this.headers() });
  }
  /** A raw body (malformed JSON, oversize payloads). */
  raw(method: "POST" | "PATCH", path: string, body: string) {
    return this.request.fetch(`/api/v1${path}`, { method, data: body, headers: this.headers({ "content-type": "application/json" }) });
  }
}

type Fixtures = {
  db: Db;
  tenant: (options?: { instances?: InstanceSpec[]; rotationStrategy?: string; contacts?: { phone: string; tags?: string[]; assignedTo?: "admin" | "agent" }[] }) => Promise<Tenant>;
};

export const test = base.extend<Fixtures>({
  db: async ({}, use) => {
    const db = createPrismaClient(E2E_DATABASE_URL);
    await use(db);
    await db.$disconnect();
  },
  tenant: async ({ db, request }, use) => {
    const created: string[] = [];
    await use((options = {}) => retryBusy(async () => {
      const tag = randomBytes(4).toString("hex");
      const location = await createLocation(db, { name: `API test ${tag}`, rotationStrategy: options.rotationStrategy });
      created.push(location.id);
      const { key } = await insertApiKey(db, { locationId: location.id, plainKey: `nr_test_${tag}_${randomBytes(16).toString("hex")}` });
      const { user: admin } = await createUser(db, { email: `admin-${tag}@test.example`, name: `Admin ${tag}`, locationId: location.id, role: "admin" });
      const { user: agent } = await createUser(db, { email: `agent-${tag}@test.example`, name: `Agent ${tag}`, locationId: location.id, role: "agent" });
      const instances: Record<string, string> = {};
      for (const spec of options.instances ?? []) {
        const row = await createInstance(db, { locationId: location.id, label: spec.label ?? `${spec.channel} ${spec.index}`, ...spec });
        instances[`${spec.channel}#${spec.index}`] = row.id;
      }
      for (const c of options.contacts ?? []) {
        await createContact(db, {
          locationId: location.id, phone: c.phone, name: c.phone, tags: c.tags,
          assignedUserId: c.assignedTo === "admin" ? admin.id : c.assignedTo === "agent" ? agent.id : null,
        });
      }
      return { id: location.id, key, users: { admin: admin.id, agent: agent.id }, instances, api: new Api(request, key) };
    }));
    // Tenants cascade-delete with their location; users are shared rows and stay (unique emails).
    for (const id of created) await db.location.delete({ where: { id } }).catch(() => undefined);
  },
});

export { assignInstance, createContact };

/**
 * The tests write to the database the server is writing to. A factory's read-then-write
 * transaction can meet SQLITE_BUSY (Prisma: "Operation has timed out") when the server commits in
 * between; building the tenant again is safe (fresh names, nothing of it used yet).
 */
async function retryBusy<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (error) {
      if (i >= attempts || !/timed out|SQLITE_BUSY|database is locked/i.test(String((error as Error).message))) throw error;
      await new Promise((r) => setTimeout(r, 50 * i));
    }
  }
}

/** The instance pool most tests use: WhatsApp #1–#3 connected (#2 default), iMessage #1, SMS #1. */
export const POOL: InstanceSpec[] = [
  { channel: "whatsapp", index: 1, phone: "+1 555 010 0001", label: "Orders" },
  { channel: "whatsapp", index: 2, phone: "+1 555 010 0002", label: "Support", isDefault: true },
  { channel: "whatsapp", index: 3, phone: "+1 555 010 0003", label: "Billing" },
  { channel: "imessage", index: 1, phone: "+1 555 020 0001", label: "iMessage" },
  { channel: "sms", index: 1, phone: "+1 555 030 0001", label: "SMS" },
];

export async function expectError(response: APIResponse, status: number, code: string | number) {
  expect(response.status(), await response.text()).toBe(status);
  const body = await response.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body;
}

export { expect };
