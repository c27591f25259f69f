import NextAuth from "next-auth";
import { authOptions, credentialsSchema } from "@/lib/auth/options";
import { retryAfterSeconds, throttleKeys } from "@/lib/auth/throttle";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Ctx) {
  const params = await context.params;
  // Throttled sign-ins are answered 429 before any password is checked.
  if (request.method === "POST" && params.nextauth.join("/") === "callback/credentials") {
    const form = await request.clone().formData().catch(() => null);
    const email = credentialsSchema.shape.email.safeParse(form?.get("email"));
    const ip = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
    const wait = await retryAfterSeconds(throttleKeys(email.success ? email.data : "", ip));
    if (wait > 0) {
      const url = new URL("/login?error=TooManyAttempts", request.url).toString();
      return Response.json(
        { url, error: "rate_limited", message: `Too many failed sign-ins. Try again in ${wait} s.` },
        { status: 429, headers: { "Retry-After": String(wait) } },
      );
    }
  }
  return NextAuth(authOptions())(request, { params });
}

export { handler as GET, handler as POST };
