// Capturing a server action request in the browser, to replay it as another user (the role tests:
// a hidden button is not enforcement). Pages also call server actions in the background — the
// alert bell, live refetches, an impact preview — so a capture waits for the request whose body
// names what the test acted on, never for "the next POST".
import type { Page, Request } from "@playwright/test";

export type CapturedAction = { url: string; headers: Record<string, string>; body: string };

/** The next server action request (POST with a Next-Action header) whose body contains `marker`. */
export function nextAction(page: Page, marker: string): Promise<Request> {
  return page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"] && (r.postData() ?? "").includes(marker));
}

/** What a replay needs: the URL, the action's headers, the body. */
export function replayable(req: Request): CapturedAction {
  const keep = ["next-action", "content-type", "accept", "next-router-state-tree"];
  return {
    url: req.url(),
    headers: Object.fromEntries(Object.entries(req.headers()).filter(([k]) => keep.includes(k))),
    body: req.postData() ?? "",
  };
}
