// The one way a sign-in refusal other than "wrong password" reaches the login form: next-auth v4
// turns an Error thrown by `authorize` into the `error` of signIn()'s result (via its error URL),
// so a throttled attempt carries its wait in that code. Shared by server and client: no imports.
const THROTTLED = "TooManyAttempts:";

export function throttledErrorCode(retryAfterSeconds: number): string {
  return `${THROTTLED}${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

/** The wait in seconds a throttled code carries, or null for any other code. */
export function retryAfterOf(code: string | null | undefined): number | null {
  if (!code?.startsWith(THROTTLED)) return null;
  const seconds = Number(code.slice(THROTTLED.length));
  return Number.isInteger(seconds) && seconds > 0 ? seconds : null;
}

export function throttledMessage(retryAfterSeconds: number): string {
  return `Too many attempts. Try again in ${retryAfterSeconds} s.`;
}
