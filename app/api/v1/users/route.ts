import { apiRoute, otherMethods } from "@/lib/api/handler";
import { listUsers } from "@/lib/users/list-users";

export const GET = apiRoute({}, async ({ ctx }) => ({ status: 200, body: { data: await listUsers({ ctx }), nextCursor: null } }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
