import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

export const contactSelect = {
  id: true,
  phone: true,
  name: true,
  assignedUserId: true,
  assignedUser: { select: { id: true, name: true } },
  createdAt: true,
  updatedAt: true,
  tags: { orderBy: { position: "asc" }, select: { value: true } },
} satisfies Prisma.ContactSelect;

type ContactRow = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;

/** A contact as the API answers it and the dashboard shows it (`assignedUser` names the assignee). */
export function contactView(row: ContactRow) {
  return {
    id: row.id,
    phone: row.phone,
    name: row.name,
    tags: row.tags.map((t) => t.value),
    assignedUserId: row.assignedUserId,
    assignedUser: row.assignedUser,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
