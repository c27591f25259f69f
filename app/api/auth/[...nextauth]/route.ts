import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { asRateLimited } from "@/lib/auth/rate-limited-response";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Sign-in throttling is decided inside the credentials check (lib/auth/check-credentials.ts),
// which every path into next-auth's credentials flow reaches; here the refusal it produced only
// gets its HTTP shape (429, Retry-After).
async function handler(request: Request, context: Ctx) {
  const response: Response = await NextAuth(authOptions())(request, context);
  return (await asRateLimited(response)) ?? response;
}

export { handler as GET, handler as POST };
