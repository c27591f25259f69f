// Data factories shared by the demo seed, the CLI and the tests. They take a PrismaClient
// so they work from scripts (no Next.js) and from integration tests alike.

import { randomBytes } from "node:crypto";
import { tagRows } from "@/lib/contacts/tag-rows";
import type { Role } from "@/lib/domain";
import { normalizePhone } from "@/lib/engine/phone";
import { DAY_MS } from "@/lib/engine/time";
import type { Channel, InstanceStatus, StatusReason } from "@/lib/engine/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newUserData } from "@/lib/members/new-user";

export async function createLocation(db: PrismaClient, data: { name: string; defaultCountry?: string; rotationStrategy?: string }) {
  return db.location.create({
    data: { name: data.name, defaultCountry: data.defaultCountry ?? "US", rotationStrategy: data.rotationStrategy },
  });
}

/**
 * A user (found by e-mail, else created) and, with `locationId`, their membership there.
 * `password` is the one this call set on a new account — null when the account already existed
 * (its password is left alone).
 */
export async function createUser(
  db: PrismaClient,
  data: { email: string; name: string; password?: string; locationId?: string; role?: Role },
) {
  const email = data.email.trim().toLowerCase();
  let user = await db.user.findUnique({ where: { email } });
  let password: string | null = null;
  if (!user) {
    const fresh = await newUserData({ email, name: data.name, password: data.password });
    user = await db.user.create({ data: fresh.data });
    password = fresh.password;
  }
  if (data.locationId) {
    await db.membership.upsert({
      where: { userId_locationId: { userId: user.id, locationId: data.locationId } },
      create: { userId: user.id, locationId: data.locationId, role: data.role ?? "agent" },
      update: { role: data.role ?? "agent", active: true },
    });
  }
  return { user, password };
}

export async function createInstance(
  db: PrismaClient,
  data: {
    locationId: string;
    channel: Channel;
    index: number;
    label: string;
    phone: string;
    status?: InstanceStatus;
    statusReason?: StatusReason | null;
    isDefault?: boolean;
    firstConnectedAt?: Date | null;
    healthScore?: number;
    warmingDays?: number | null;
  },
) {
  const phone = normalizePhone(data.phone, "US");
  if (!phone) throw new Error(`Not a possible phone number: ${data.phone}`);
  return db.instance.create({
    data: {
      locationId: data.locationId,
      channel: data.channel,
      index: data.index,
      label: data.label,
      phone,
      status: data.status ?? "connected",
      statusReason: data.statusReason ?? null,
      isDefault: data.isDefault ?? false,
      defaultChannel: data.isDefault ? data.channel : null,
      firstConnectedAt: data.firstConnectedAt === undefined ? new Date(Date.now() - 30 * DAY_MS) : data.firstConnectedAt,
      healthScore: data.healthScore ?? 100,
      warmingDays: data.warmingDays ?? null,
      // As newInboundToken (lib/gateways/connection.ts, server-only: not importable from scripts).
      inboundToken: randomBytes(24).toString("base64url"),
    },
  });
}

/** `count` connected WhatsApp numbers #1…#count ("WA 1", +1 555 010 0001…) with `defaultIndex` the default. */
export async function createWhatsappInstances(db: PrismaClient, data: { locationId: string; count: number; defaultIndex?: number }) {
  const instances = [];
  for (let index = 1; index <= data.count; index++) {
    instances.push(
      await createInstance(db, {
        locationId: data.locationId,
        channel: "whatsapp",
        index,
        label: `WA ${index}`,
        phone: `+1555010${String(index).padStart(4, "0")}`,
        isDefault: index === data.defaultIndex,
      }),
    );
  }
  return instances;
}

export async function assignInstance(db: PrismaClient, data: { locationId: string; userId: string; instanceId: string; channel: Channel }) {
  return db.userInstance.upsert({
    where: { locationId_userId_channel: { locationId: data.locationId, userId: data.userId, channel: data.channel } },
    create: data,
    update: { instanceId: data.instanceId },
  });
}

export async function createContact(
  db: PrismaClient,
  data: {
    locationId: string;
    phone: string;
    name: string;
    tags?: string[];
    assignedUserId?: string | null;
    createdAt?: Date;
    defaultCountry?: string;
  },
) {
  return db.contact.create({
    data: {
      locationId: data.locationId,
      phone: data.phone,
      name: data.name,
      assignedUserId: data.assignedUserId ?? null,
      createdAt: data.createdAt,
      tags: { create: tagRows(data.tags ?? [], data.defaultCountry ?? "US").map((t) => ({ ...t, locationId: data.locationId })) },
    },
  });
}
