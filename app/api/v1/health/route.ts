// Unauthenticated liveness probe; also the benchmark's "trivial JSON route" ceiling.
export function GET() {
  return Response.json({ ok: true });
}
