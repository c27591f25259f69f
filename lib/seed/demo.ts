// Demo data: the seeds' two worked examples (an e-commerce store and an agency), one user per
// role, a few hundred contacts, and a few days of routed messages and status events.
// Deterministic (a seeded PRNG), so screenshots and tests see the same world every time.

import { insertApiKey } from "@/lib/api-keys/insert-api-key";
import { DAY_MS } from "@/lib/engine/time";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { seedConversations } from "@/lib/seed/conversations";
import { assignInstance, createContact, createInstance, createLocation, createUser } from "@/lib/seed/factories";
import { seedHistory } from "@/lib/seed/history";
import { prng } from "@/lib/seed/prng";

export const DEMO_LOGINS = [
  { email: "admin@demo.example", password: "admin-demo-pass", name: "Ada Admin", role: "admin" },
  { email: "agent@demo.example", password: "agent-demo-pass", name: "Andy Agent", role: "agent" },
  { email: "support@demo.example", password: "support-demo-pass", name: "Sam Support", role: "support" },
] as const;

export async function seedDemo(db: PrismaClient, options: { apiKey?: string; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const acme = await seedEcommerce(db, now);
  const agency = await seedAgency(db, now);
  for (const login of DEMO_LOGINS) {
    for (const location of [acme.location, agency.location]) {
      await createUser(db, { ...login, locationId: location.id });
    }
  }
  const { key: acmeKey } = await insertApiKey(db, { locationId: acme.location.id, name: "Demo key", plainKey: options.apiKey });
  const { key: agencyKey } = await insertApiKey(db, { locationId: agency.location.id, name: "Demo key" });
  await seedHistory(db, acme.location.id, now);
  await seedHistory(db, agency.location.id, now);
  await seedConversations(db, acme.location.id);
  return {
    locations: [
      { id: acme.location.id, name: acme.location.name, apiKey: acmeKey },
      { id: agency.location.id, name: agency.location.name, apiKey: agencyKey },
    ],
  };
}

/** Example 1 of the seeds: Orders (assigned to the order-management user), Support (default), Billing (VIP tags). */
async function seedEcommerce(db: PrismaClient, now: Date) {
  const location = await createLocation(db, { name: "Acme Store" });
  const L = location.id;
  const orders = await createInstance(db, { locationId: L, channel: "whatsapp", index: 1, label: "Orders", phone: "+1-555-ORDERS-1" });
  await createInstance(db, { locationId: L, channel: "whatsapp", index: 2, label: "Support", phone: "+1-555-SUPPORT", isDefault: true });
  await createInstance(db, { locationId: L, channel: "whatsapp", index: 3, label: "Billing", phone: "+1-555-BILLING" });
  await createInstance(db, {
    locationId: L,
    channel: "whatsapp",
    index: 4,
    label: "Promotions (new SIM)",
    phone: "+1 555 010 0004",
    firstConnectedAt: new Date(now.getTime() - 2 * DAY_MS),
    healthScore: 92,
  });
  const imSales = await createInstance(db, {
    locationId: L,
    channel: "imessage",
    index: 1,
    label: "Sales iMessage",
    phone: "+1 555 300 0001",
    isDefault: true,
  });
  await createInstance(db, {
    locationId: L,
    channel: "imessage",
    index: 2,
    label: "Returns iMessage",
    phone: "+1 555 300 0002",
    status: "disconnected",
    statusReason: "logged_out",
    healthScore: 70,
  });
  await createInstance(db, { locationId: L, channel: "imessage", index: 3, label: "Support line", phone: "+1 555 300 0003" });
  await createInstance(db, { locationId: L, channel: "sms", index: 1, label: "SMS main", phone: "+1 555 400 0001", isDefault: true });
  await createInstance(db, { locationId: L, channel: "sms", index: 2, label: "SMS backup", phone: "+1 555 400 0002", healthScore: 35 });

  const { user: orderUser } = await createUser(db, {
    email: "orders@demo.example",
    name: "Order Management",
    password: "orders-demo-pass",
    locationId: L,
    role: "agent",
  });
  await assignInstance(db, { locationId: L, userId: orderUser.id, instanceId: orders.id, channel: "whatsapp" });
  const { user: imUser } = await createUser(db, {
    email: "sales@demo.example",
    name: "Sally Sales",
    password: "sales-demo-pass",
    locationId: L,
    role: "agent",
  });
  await assignInstance(db, { locationId: L, userId: imUser.id, instanceId: imSales.id, channel: "imessage" });

  const rand = prng(42);
  for (let i = 0; i < 300; i++) {
    const tags: string[] = [];
    if (i % 10 === 0) tags.push("VIP", "wa: +1-555-BILLING");
    if (i % 17 === 0) tags.push("im: +1 555 300 0003");
    if (i % 41 === 0) tags.push("wa: +1 555 999 0000"); // a number no instance has: the Doctor flags it (103)
    if (i % 53 === 0) tags.push("wa: call me"); // invalid number tag: ignored with a warning
    if (i % 7 === 0) tags.push("newsletter");
    const assignedUserId = i % 5 === 0 ? orderUser.id : i % 13 === 0 ? imUser.id : null;
    await createContact(db, {
      locationId: L,
      phone: `+1555${String(2000000 + i).padStart(7, "0")}`,
      name: personName(rand, i),
      tags,
      assignedUserId,
      createdAt: new Date(now.getTime() - Math.floor(rand() * 30) * DAY_MS),
    });
  }
  return { location };
}

/** Example 2 of the seeds: client A by override, client B by user assignment, main line default. */
async function seedAgency(db: PrismaClient, now: Date) {
  const location = await createLocation(db, { name: "Northwind Agency", rotationStrategy: "least_used" });
  const L = location.id;
  await createInstance(db, { locationId: L, channel: "whatsapp", index: 1, label: "Client A Brand", phone: "+1 555 500 0001" });
  const clientB = await createInstance(db, {
    locationId: L,
    channel: "whatsapp",
    index: 2,
    label: "Client B Brand",
    phone: "+1 555 500 0002",
  });
  await createInstance(db, {
    locationId: L,
    channel: "whatsapp",
    index: 3,
    label: "Agency Main Line",
    phone: "+1 555 500 0003",
    isDefault: true,
  });
  await createInstance(db, {
    locationId: L,
    channel: "imessage",
    index: 1,
    label: "Agency iMessage",
    phone: "+1 555 600 0001",
    firstConnectedAt: new Date(now.getTime() - 1 * DAY_MS),
  });
  await createInstance(db, {
    locationId: L,
    channel: "sms",
    index: 1,
    label: "Agency SMS",
    phone: "+1 555 700 0001",
    status: "disconnected",
    statusReason: "transient",
    healthScore: 80,
  });
  const team = [];
  for (const [email, name] of [
    ["b.lead@demo.example", "Bea (Client B lead)"],
    ["b.agent@demo.example", "Ben (Client B)"],
  ] as const) {
    const { user } = await createUser(db, { email, name, password: "clientb-demo-pass", locationId: L, role: "agent" });
    await assignInstance(db, { locationId: L, userId: user.id, instanceId: clientB.id, channel: "whatsapp" });
    team.push(user);
  }
  const rand = prng(7);
  for (let i = 0; i < 120; i++) {
    await createContact(db, {
      locationId: L,
      phone: `+1555${String(8000000 + i).padStart(7, "0")}`,
      name: personName(rand, i),
      tags: i % 9 === 0 ? ["client-b"] : [],
      assignedUserId: i % 9 === 0 ? team[i % 2].id : null,
      createdAt: new Date(now.getTime() - Math.floor(rand() * 30) * DAY_MS),
    });
  }
  return { location };
}

const FIRST = [
  "Maya",
  "Liam",
  "Noah",
  "Emma",
  "Olivia",
  "Ava",
  "Lucas",
  "Mia",
  "Ethan",
  "Zoe",
  "Ravi",
  "Chen",
  "Fatima",
  "Diego",
  "Ana",
  "Kenji",
];
const LAST = ["Garcia", "Smith", "Nguyen", "Patel", "Kim", "Okafor", "Rossi", "Müller", "Silva", "Cohen", "Jensen", "Haddad"];

function personName(rand: () => number, i: number) {
  return `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[(i + Math.floor(rand() * LAST.length)) % LAST.length]}`;
}
