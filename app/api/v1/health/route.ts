// Unauthenticated liveness probe; also the benchmark's "trivial JSON route" ceiling.
import { otherMethods } from "@/lib/api/handler";

export function GET() {
  return Response.json({ ok: true });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
