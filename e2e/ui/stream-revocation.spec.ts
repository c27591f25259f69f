// Revoking an API key in Settings ends the event streams opened with it (issue 9, finding 4):
// the revoke action re-checks this process's streams at once; the spec allows ~6 s.
import { randomBytes } from "node:crypto";
import { insertApiKey } from "@/lib/api-keys/insert-api-key";
import { createLocation, createUser } from "@/lib/seed/factories";
import { openEvents } from "../api/sse";
import { expect, test } from "../support/fixtures";

test("revoking a key in Settings ends its open event stream; other keys' streams stay", async ({ page, db, baseURL, signIn }) => {
  test.setTimeout(120_000);
  const tag = randomBytes(4).toString("hex");
  const location = await createLocation(db, { name: `Revoke e2e ${tag}` });
  const email = `revoke-${tag}@test.example`;
  await createUser(db, { email, name: "Revoking Admin", password: "revoke-pass-123", locationId: location.id, role: "admin" });
  const doomed = await insertApiKey(db, { locationId: location.id, name: `Doomed ${tag}` });
  const kept = await insertApiKey(db, { locationId: location.id, name: `Kept ${tag}` });
  const doomedStream = await openEvents(`${baseURL}/api/v1/events`, { authorization: `Bearer ${doomed.key}` });
  const keptStream = await openEvents(`${baseURL}/api/v1/events`, { authorization: `Bearer ${kept.key}` });
  expect([doomedStream.status, keptStream.status]).toEqual([200, 200]);

  await signIn(email, "revoke-pass-123", page.context());
  await page.goto(`/${location.id}/settings`);
  await page
    .getByRole("listitem")
    .filter({ hasText: `Doomed ${tag}` })
    .getByRole("button", { name: "Revoke" })
    .click();
  const started = Date.now();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  const elapsed = await doomedStream.endsWithin(6_500);
  console.log(`revoked in Settings: stream ended ${elapsed === null ? "—" : Date.now() - started} ms after the click`);
  expect(elapsed, "the stream of the revoked key is still open").not.toBeNull();
  expect(await keptStream.endsWithin(1_000)).toBeNull();
  await keptStream.close();
});
