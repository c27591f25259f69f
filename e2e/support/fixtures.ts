// The one Playwright fixture module: every spec of the API and browser suites imports `test` and
// `expect` from here. A fixture is set up only for the tests that ask for it.
import { randomBytes } from "node:crypto";
import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import { createPrismaClient } from "@/lib/db/create-client";
import { DEMO_LOGINS } from "@/lib/seed/demo";
import { createContact, createUser } from "@/lib/seed/factories";
import { Api } from "./api-client";
import { E2E_API_KEY, E2E_BASE_URL, E2E_DATABASE_URL } from "./constants";
import { addSessionCookies, cookieHeader, type SessionCookie, signInOverHttp } from "./sign-in";
import { createTenantRows, type Db, type InstanceSpec, retryBusy } from "./tenant";

type DemoRole = (typeof DEMO_LOGINS)[number]["role"];

export type Tenant = {
  id: string;
  key: string;
  users: { admin: string; agent: string };
  instances: Record<string, string>; // "whatsapp#1" → id
  api: Api;
  /** Signs `context`'s browser in as a new admin of this location (with a password: a real sign-in). */
  signInAdmin: (context: BrowserContext) => Promise<void>;
};

type TenantOptions = {
  instances?: InstanceSpec[];
  rotationStrategy?: string;
  contacts?: { phone: string; tags?: string[]; assignedTo?: "admin" | "agent" }[];
};

type TestFixtures = {
  /**
   * Signs the page's browser in as the demo user of `role`, without the login form: the worker's
   * cached session for that role, or with `fresh` a session of its own (a test that ends it).
   * `context`: another browser context than the page's.
   */
  login: (role: DemoRole, options?: { context?: BrowserContext; fresh?: boolean }) => Promise<void>;
  /** Signs `email` in over HTTP, puts the session into `context` if given, returns the Cookie header. */
  signIn: (email: string, password: string, context?: BrowserContext) => Promise<string>;
  /** Ids of the two demo locations and the demo API key of Acme Store. */
  demo: { acmeId: string; agencyId: string; apiKey: string };
  /** A fresh location of its own (API key, admin and agent, instances, contacts), deleted after the test. */
  tenant: (options?: TenantOptions) => Promise<Tenant>;
};

type WorkerFixtures = {
  /** Direct access to the e2e database, for factories that create what a test needs. */
  db: Db;
  /** The demo user's session for `role`, signed in once per worker. */
  demoSession: (role: DemoRole) => Promise<SessionCookie[]>;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  db: [
    async ({}, use) => {
      const db = createPrismaClient(E2E_DATABASE_URL);
      await use(db);
      await db.$disconnect();
    },
    { scope: "worker" },
  ],
  demoSession: [
    async ({}, use) => {
      const sessions = new Map<DemoRole, Promise<SessionCookie[]>>();
      await use((role) => {
        if (!sessions.has(role)) sessions.set(role, signInOverHttp(E2E_BASE_URL, demoLogin(role).email, demoLogin(role).password));
        return sessions.get(role)!;
      });
    },
    { scope: "worker" },
  ],
  login: async ({ page, demoSession }, use) => {
    await use(async (role, { context = page.context(), fresh = false } = {}) => {
      const { email, password } = demoLogin(role);
      const cookies = fresh ? await signInOverHttp(E2E_BASE_URL, email, password) : await demoSession(role);
      await addSessionCookies(context, E2E_BASE_URL, cookies);
    });
  },
  signIn: async ({}, use) => {
    await use(async (email, password, context) => {
      const cookies = await signInOverHttp(E2E_BASE_URL, email, password);
      if (context) await addSessionCookies(context, E2E_BASE_URL, cookies);
      return cookieHeader(cookies);
    });
  },
  demo: async ({ db }, use) => {
    const acme = await db.location.findFirstOrThrow({ where: { name: "Acme Store" }, select: { id: true } });
    const agency = await db.location.findFirstOrThrow({ where: { name: "Northwind Agency" }, select: { id: true } });
    await use({ acmeId: acme.id, agencyId: agency.id, apiKey: E2E_API_KEY });
  },
  tenant: async ({ db, request }, use) => {
    const created: string[] = [];
    await use((options = {}) =>
      retryBusy(async () => {
        const rows = await createTenantRows(db, { name: "API test", keyPrefix: "nr_test", ...options });
        created.push(rows.id);
        const member = async (role: "admin" | "agent") =>
          (
            await createUser(db, {
              email: `${role}-${rows.tag}@test.example`,
              name: `${role === "admin" ? "Admin" : "Agent"} ${rows.tag}`,
              locationId: rows.id,
              role,
            })
          ).user;
        const users = { admin: (await member("admin")).id, agent: (await member("agent")).id };
        for (const c of options.contacts ?? []) {
          const assignedUserId = c.assignedTo ? users[c.assignedTo] : null;
          await createContact(db, { locationId: rows.id, phone: c.phone, name: c.phone, tags: c.tags, assignedUserId });
        }
        const signInAdmin = async (context: BrowserContext) => {
          const email = `browser-admin-${rows.tag}-${randomBytes(3).toString("hex")}@test.example`;
          const password = `pass-${rows.tag}-0123`;
          await createUser(db, { email, name: `Admin ${rows.tag}`, password, locationId: rows.id, role: "admin" });
          await addSessionCookies(context, E2E_BASE_URL, await signInOverHttp(E2E_BASE_URL, email, password));
        };
        return { id: rows.id, key: rows.key, users, instances: rows.instances, api: new Api(request, rows.key), signInAdmin };
      }),
    );
    // Tenants cascade-delete with their location; users are shared rows and stay (unique emails).
    for (const id of created) await db.location.delete({ where: { id } }).catch(() => undefined);
  },
});

/** The real login form, as a person uses it: only the login spec signs in this way. */
export async function loginWithForm(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /sign in/i }).click();
}

function demoLogin(role: DemoRole) {
  return DEMO_LOGINS.find((l) => l.role === role)!;
}

export { contactSearch, expectCreated, expectError, expectInvalid, expectStatus } from "./api-client";
export { type InstanceSpec, POOL } from "./tenant";
export { expect };
