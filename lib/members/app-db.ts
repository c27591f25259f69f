import "server-only";
// The member use cases take their database client because the CLI runs them on a client of its
// own (it cannot import the app's, which is server-only). The dashboard runs them on the app's
// client through these, with the same options less `db`, so its pages and actions hold no client.
import { db } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addMember } from "@/lib/members/add-member";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { listMembers } from "@/lib/members/list-members";
import { removeMember } from "@/lib/members/remove-member";

export const membersOnAppDb = {
  list: onAppDb(listMembers),
  add: onAppDb(addMember),
  changeRole: onAppDb(changeMemberRole),
  remove: onAppDb(removeMember),
};

function onAppDb<O extends { db: PrismaClient }, R>(useCase: (options: O) => R) {
  return (options: Omit<O, "db">): R => useCase({ ...options, db } as O);
}
