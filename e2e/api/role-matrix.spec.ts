// Issue 9, "Tests": who may do what (SPEC §3–§4), from ONE table listing every server action
// (every export of every "use server" file) and every route handler (every method of every
// app/api/v1/**/route.ts) with its outcome for each caller. The test first compares the table with
// what the source tree and the build really contain, so a new action or route without a row fails.
// Route handlers are called over HTTP; server actions as the browser calls them (POST with the
// action id from the build's manifest), with real session cookies.
import { randomBytes } from "node:crypto";
import { insertApiKey } from "@/lib/api-keys/insert-api-key";
import { createContact, createInstance, createUser } from "@/lib/seed/factories";
import { expect, POOL, test } from "../support/fixtures";
import { apiRouteFiles, builtServerActions, callServerAction, type HttpMethod, servedMethods, serverActionExports } from "./app-routes";

const CALLERS = ["admin", "agent", "support", "otherLocation", "signedOut"] as const;
type Caller = (typeof CALLERS)[number];
/** ok: done (2xx / action data); own: served inside the caller's own location, nothing of the other's. */
type Outcome = "ok" | "own" | "forbidden" | "not_found" | "unauthorized";
type Expect = Record<Caller, Outcome>;
/** The same outcome for every caller. */
const everyone = (outcome: Outcome) => Object.fromEntries(CALLERS.map((c) => [c, outcome])) as Expect;
type F = {
  a: string;
  b: string;
  contact: string;
  instance: string;
  spareInstances: string[];
  connecting: string;
  message: string;
  spareKey: string;
  spareMembers: string[];
  phone: () => string;
  /** An instance with a `webhook` gateway connection (to a port nothing listens on). */
  gatewayInstance: string;
  /** A raised alert of location a. */
  alert: string;
};

// Server actions: sessions. Members of the location by role; a member of another location only.
const MEMBERS: Expect = { admin: "ok", agent: "ok", support: "ok", otherLocation: "not_found", signedOut: "unauthorized" };
const EDITORS: Expect = { ...MEMBERS, support: "forbidden" };
const ADMINS: Expect = { ...EDITORS, agent: "forbidden" };
// Route handlers: "admin" is the location's API key (keys hold admin rights), agent and support
// send their dashboard session cookie (the API takes keys only), otherLocation another location's key.
const API_BY_ID: Expect = { ...everyone("unauthorized"), admin: "ok", otherLocation: "not_found" };
const API_OWN: Expect = { ...API_BY_ID, otherLocation: "own" };
const PUBLIC = everyone("ok");
const NO_ROUTE = everyone("not_found");
const SESSION_OR_KEY: Expect = { ...MEMBERS, otherLocation: "not_found" };
// A gateway's webhook takes neither keys nor sessions: only the instance's token (or signature).
const GATEWAY_TOKEN = everyone("unauthorized");

type Row =
  | { kind: "action"; file: string; name: string; expect: Expect; input: (f: F) => Record<string, unknown> }
  | { kind: "route"; file: string; method: HttpMethod; expect: Expect; url: (f: F) => string; body?: (f: F) => unknown };

const C = "app/[locationId]/contacts";
const I = "app/[locationId]/instances";
const action = (file: string, name: string, expect: Expect, input: (f: F) => Record<string, unknown>): Row => ({
  kind: "action",
  file,
  name,
  expect,
  input,
});
/** The JSON a route is sent; a function of the fixture when it names the fixture's rows. */
type RouteBody = Record<string, unknown> | ((f: F) => unknown);
const route = (method: HttpMethod, dir: string, expect: Expect, url: (f: F) => string, body?: RouteBody): Row => ({
  kind: "route",
  file: `app/api/v1${dir}/route.ts`,
  method,
  expect,
  url,
  body: typeof body === "function" ? body : body && (() => body),
});
const send = (f: F) => ({ channel: "whatsapp", contactId: f.contact, body: "Matrix hello" });

const TABLE: Row[] = [
  action(`${C}/actions.ts`, "updateContactAction", EDITORS, (f) => ({
    locationId: f.a,
    contactId: f.contact,
    tags: ["vip"],
    assignedUserId: null,
  })),
  action(`${C}/actions.ts`, "bulkAssignContactsAction", EDITORS, (f) => ({
    locationId: f.a,
    contactIds: [f.contact],
    assignedUserId: null,
  })),
  action(`${C}/actions.ts`, "bulkTagContactsAction", EDITORS, (f) => ({ locationId: f.a, contactIds: [f.contact], tag: "matrix" })),
  action(`${C}/actions.ts`, "contactRoutesAction", MEMBERS, (f) => ({ locationId: f.a, contactId: f.contact })),
  // The SMS binding (the DELETE route below takes the WhatsApp one); unpinning twice is fine.
  action(`${C}/actions.ts`, "unpinBindingAction", EDITORS, (f) => ({ locationId: f.a, contactId: f.contact, channel: "sms" })),
  action(`${C}/read-actions.ts`, "searchContactsAction", MEMBERS, (f) => ({ locationId: f.a })),
  action(`${C}/read-actions.ts`, "contactThreadAction", MEMBERS, (f) => ({ locationId: f.a, contactId: f.contact })),
  action(`${I}/actions.ts`, "listInstancesAction", MEMBERS, (f) => ({ locationId: f.a })),
  action(`${I}/actions.ts`, "getInstanceAction", MEMBERS, (f) => ({ locationId: f.a, instanceId: f.instance })),
  action(`${I}/mutations.ts`, "saveGatewayAction", ADMINS, (f) => ({
    locationId: f.a,
    instanceId: f.gatewayInstance,
    gateway: { kind: "webhook", url: "http://receiver.test:1" },
  })),
  action(`${I}/mutations.ts`, "savePacingAction", ADMINS, (f) => ({ locationId: f.a, instanceId: f.instance, pacing: null })),
  action(`${I}/mutations.ts`, "testGatewayAction", ADMINS, (f) => ({ locationId: f.a, instanceId: f.gatewayInstance })),
  action(`${I}/actions.ts`, "instanceHistoryAction", MEMBERS, (f) => ({ locationId: f.a, instanceId: f.instance })),
  action(`${I}/mutations.ts`, "setDefaultInstanceAction", ADMINS, (f) => ({ locationId: f.a, instanceId: f.instance })),
  action(`${I}/mutations.ts`, "createInstanceAction", ADMINS, (f) => ({
    locationId: f.a,
    channel: "sms",
    phone: f.phone(),
    label: "Matrix",
  })),
  action(`${I}/mutations.ts`, "updateInstanceAction", ADMINS, (f) => ({
    locationId: f.a,
    instanceId: f.instance,
    label: "Matrix",
    warmingDays: null,
    assignedUserIds: [],
  })),
  action(`${I}/mutations.ts`, "deleteInstanceAction", ADMINS, (f) => ({ locationId: f.a, instanceId: f.spareInstances[0], force: true })),
  action("app/[locationId]/alerts/actions.ts", "listAlertsAction", MEMBERS, (f) => ({ locationId: f.a })),
  action("app/[locationId]/alerts/actions.ts", "acknowledgeAlertAction", ADMINS, (f) => ({ locationId: f.a, alertId: f.alert })),
  // Reading an impact changes nothing: every member (the Routing page's what-if is open to all roles).
  action("app/[locationId]/impact-actions.ts", "routeImpactAction", MEMBERS, (f) => ({
    locationId: f.a,
    days: 7,
    change: { disconnected: [f.instance] },
  })),
  action("app/[locationId]/messages/actions.ts", "replayMessageAction", MEMBERS, (f) => ({ locationId: f.a, messageId: f.message })),
  action("app/[locationId]/messages/actions.ts", "messageTimelineAction", MEMBERS, (f) => ({ locationId: f.a, messageId: f.message })),
  action("app/[locationId]/overview/actions.ts", "getOverviewAction", MEMBERS, (f) => ({ locationId: f.a })),
  action("app/[locationId]/settings/actions.ts", "saveSettingsAction", ADMINS, (f) => ({ locationId: f.a, minHealth: 40 })),
  action("app/[locationId]/settings/actions.ts", "createApiKeyAction", ADMINS, (f) => ({ locationId: f.a, name: "Matrix key" })),
  action("app/[locationId]/settings/actions.ts", "revokeApiKeyAction", ADMINS, (f) => ({ locationId: f.a, keyId: f.spareKey })),
  action("app/[locationId]/settings/actions.ts", "addMemberAction", ADMINS, (f) => ({
    locationId: f.a,
    email: `matrix-${randomBytes(4).toString("hex")}@test.example`,
    name: "Matrix",
    role: "support",
  })),
  action("app/[locationId]/settings/actions.ts", "changeMemberRoleAction", ADMINS, (f) => ({
    locationId: f.a,
    userId: f.spareMembers[0],
    role: "support",
  })),
  action("app/[locationId]/settings/actions.ts", "removeMemberAction", ADMINS, (f) => ({ locationId: f.a, userId: f.spareMembers[1] })),

  ...(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((m) => route(m, "/[...path]", NO_ROUTE, () => "/api/v1/no/such/route")),
  route("GET", "/alerts", API_OWN, () => "/api/v1/alerts"),
  route("POST", "/alerts/[id]/ack", API_BY_ID, (f) => `/api/v1/alerts/${f.alert}/ack`),
  route("GET", "/contacts", API_OWN, () => "/api/v1/contacts"),
  route(
    "POST",
    "/contacts",
    API_OWN,
    () => "/api/v1/contacts",
    (f) => ({ phone: f.phone(), name: "Matrix" }),
  ),
  route("GET", "/contacts/[id]", API_BY_ID, (f) => `/api/v1/contacts/${f.contact}`),
  route("DELETE", "/contacts/[id]/bindings/[channel]", API_BY_ID, (f) => `/api/v1/contacts/${f.contact}/bindings/whatsapp`),
  route("GET", "/contacts/[id]/messages", API_BY_ID, (f) => `/api/v1/contacts/${f.contact}/messages`),
  route(
    "POST",
    "/gateways/[instanceId]/[kind]/[[...rest]]",
    GATEWAY_TOKEN,
    (f) => `/api/v1/gateways/${f.gatewayInstance}/webhook/not-the-token`,
    { type: "instance.status", data: { status: "connected" } },
  ),
  route(
    "POST",
    "/inbound",
    API_BY_ID,
    () => "/api/v1/inbound",
    (f) => ({ channel: "whatsapp", to: f.instance, from: "+15550669999", body: "Matrix inbound" }),
  ),
  route("PATCH", "/contacts/[id]", API_BY_ID, (f) => `/api/v1/contacts/${f.contact}`, { name: "Matrix" }),
  route("GET", "/events", SESSION_OR_KEY, (f) => `/api/v1/events?locationId=${f.a}`),
  route("GET", "/health", PUBLIC, () => "/api/v1/health"),
  route("GET", "/instances", API_OWN, () => "/api/v1/instances"),
  route(
    "POST",
    "/instances",
    API_OWN,
    () => "/api/v1/instances",
    (f) => ({ channel: "sms", phone: f.phone(), label: "Matrix" }),
  ),
  route("GET", "/instances/[id]", API_BY_ID, (f) => `/api/v1/instances/${f.instance}`),
  route("PATCH", "/instances/[id]", API_BY_ID, (f) => `/api/v1/instances/${f.instance}`, { label: "Matrix" }),
  route("DELETE", "/instances/[id]", API_BY_ID, (f) => `/api/v1/instances/${f.spareInstances[1]}?force=true`),
  route("POST", "/instances/[id]/gateway/test", API_BY_ID, (f) => `/api/v1/instances/${f.gatewayInstance}/gateway/test`),
  route("POST", "/instances/[id]/status", API_BY_ID, (f) => `/api/v1/instances/${f.connecting}/status`, { status: "connected" }),
  route("GET", "/messages", API_OWN, () => "/api/v1/messages"),
  route("POST", "/messages", API_BY_ID, () => "/api/v1/messages", send),
  route("GET", "/messages/[id]", API_BY_ID, (f) => `/api/v1/messages/${f.message}`),
  route("POST", "/messages/[id]/delivery", API_BY_ID, (f) => `/api/v1/messages/${f.message}/delivery`, { status: "delivered" }),
  route("POST", "/route", API_BY_ID, () => "/api/v1/route", send),
  route(
    "POST",
    "/route/impact",
    API_BY_ID,
    () => "/api/v1/route/impact",
    (f) => ({ days: 7, change: { disconnected: [f.instance] } }),
  ),
  route("GET", "/settings", API_OWN, () => "/api/v1/settings"),
  route("PATCH", "/settings", API_OWN, () => "/api/v1/settings", { minHealth: 40 }),
  route("GET", "/users", API_OWN, () => "/api/v1/users"),
];

const rowKey = (row: Row) => (row.kind === "action" ? `action ${row.file}#${row.name}` : `route ${row.method} ${row.file}`);

test("the table lists every server action and every route handler, and nothing else", async ({ baseURL }) => {
  const actionRows = TABLE.filter((r) => r.kind === "action")
    .map(rowKey)
    .sort();
  expect(
    serverActionExports().map((a) => `action ${a.file}#${a.name}`),
    'exports of "use server" files',
  ).toEqual(actionRows);
  expect(
    builtServerActions()
      .map((a) => `action ${a.file}#${a.name}`)
      .sort(),
    "actions in the build",
  ).toEqual(actionRows);
  const routes: string[] = [];
  for (const file of apiRouteFiles())
    for (const method of await servedMethods(baseURL!, file.url)) routes.push(`route ${method} ${file.file}`);
  expect(routes.sort()).toEqual(
    TABLE.filter((r) => r.kind === "route")
      .map(rowKey)
      .sort(),
  );
});

test("every caller gets exactly its outcome from every action and route", async ({ baseURL, db, signIn, tenant }) => {
  test.setTimeout(240_000); // ~250 calls, each refusal first; minutes on a loaded 2-core machine
  const tag = randomBytes(3).toString("hex");
  const a = await tenant({ instances: POOL });
  const b = await tenant({ instances: POOL });
  const password = `matrix-pass-${tag}`;
  const member = async (role: "admin" | "agent" | "support", locationId: string) => {
    const email = `matrix-${role}-${locationId}@test.example`;
    await createUser(db, { email, name: `Matrix ${role}`, password, locationId, role });
    return signIn(email, password);
  };
  const cookies = {
    admin: await member("admin", a.id),
    agent: await member("agent", a.id),
    support: await member("support", a.id),
    otherLocation: await member("admin", b.id),
  };
  const contact = await createContact(db, { locationId: a.id, phone: "+15550660001", name: "Matrix contact" });
  const spare = (index: number, status: "connected" | "connecting" = "connected") =>
    createInstance(db, {
      locationId: a.id,
      channel: "sms",
      index,
      label: `Spare ${index}`,
      phone: `+1555067${String(index).padStart(4, "0")}`,
      status,
      firstConnectedAt: status === "connected" ? undefined : null,
    });
  const sent = await a.api.post("/messages", { channel: "whatsapp", contactId: contact.id, body: "Seed message" });
  expect(sent.status()).toBe(201);
  let phones = 0;
  const f: F = {
    a: a.id,
    b: b.id,
    contact: contact.id,
    instance: a.instances["whatsapp#1"],
    spareInstances: [(await spare(11)).id, (await spare(12)).id],
    connecting: (await spare(13, "connecting")).id,
    message: (await sent.json()).id,
    spareKey: (await insertApiKey(db, { locationId: a.id, name: "Spare" })).id,
    spareMembers: await Promise.all(
      [1, 2].map(async (n) => {
        const tag = randomBytes(4).toString("hex");
        return (await createUser(db, { email: `spare-${n}-${tag}@test.example`, name: `Spare ${n}`, locationId: a.id, role: "agent" })).user
          .id;
      }),
    ),
    phone: () => `+1555068${String(++phones).padStart(4, "0")}`,
    gatewayInstance: (await spare(14)).id,
    alert: (
      await db.alert.create({
        data: {
          locationId: a.id,
          kind: "low_health",
          subject: "low_health:matrix",
          channel: "sms",
          status: "open",
          message: "Matrix alert",
          since: new Date(),
          heldSince: new Date(),
          raisedAt: new Date(),
        },
      })
    ).id,
  };
  await db.instance.update({
    where: { id: f.gatewayInstance },
    data: { gatewayKind: "webhook", gatewayUrl: "http://receiver.test:1" },
  });
  // The fixture's sends may have bound the contact already (a default-rule send writes a binding).
  for (const [channel, instanceId] of [
    ["whatsapp", f.instance],
    ["sms", a.instances["sms#1"]],
  ] as const) {
    const binding = { locationId: a.id, instanceId, at: new Date(), source: "outbound" };
    await db.conversationBinding.upsert({
      where: { contactId_channel: { contactId: f.contact, channel } },
      create: { contactId: f.contact, channel, ...binding },
      update: binding,
    });
  }
  const actions = new Map(builtServerActions().map((x) => [`${x.file}#${x.name}`, x]));
  const order: Caller[] = ["signedOut", "otherLocation", "support", "agent", "admin"]; // refusals first: they must change nothing
  const failures: string[] = [];
  for (const row of TABLE) {
    for (const caller of order) {
      const got =
        row.kind === "action"
          ? await actionOutcome(row, caller === "signedOut" ? undefined : cookies[caller])
          : await routeOutcome(row, caller);
      if (got !== row.expect[caller]) failures.push(`${rowKey(row)} as ${caller}: expected ${row.expect[caller]}, got ${got}`);
    }
  }
  expect(failures).toEqual([]);

  async function actionOutcome(row: Extract<Row, { kind: "action" }>, cookie: string | undefined): Promise<Outcome | string> {
    const built = actions.get(`${row.file}#${row.name}`)!;
    const { status, result, text } = await callServerAction(baseURL!, built, { locationId: f.a }, row.input(f), cookie);
    const error = result?.serverError ?? "";
    if (error === "Sign in to continue.") return "unauthorized";
    if (error === "Location not found.") return "not_found";
    if (error.startsWith("Your role (")) return "forbidden";
    if (status === 200 && result && result.data !== undefined && !error && !result.validationErrors) return "ok";
    return `HTTP ${status} ${text.slice(0, 200)}`;
  }

  async function routeOutcome(row: Extract<Row, { kind: "route" }>, caller: Caller): Promise<Outcome | string> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (caller === "admin") headers.authorization = `Bearer ${a.key}`;
    if (caller === "otherLocation") headers.authorization = `Bearer ${b.key}`;
    if (caller === "agent" || caller === "support") headers.cookie = cookies[caller];
    const controller = new AbortController();
    const response = await fetch(`${baseURL}${row.url(f)}`, {
      method: row.method,
      headers,
      body: row.body ? JSON.stringify(row.body(f)) : undefined,
      signal: controller.signal,
    });
    const streaming = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
    const text = streaming ? "" : await response.text();
    controller.abort();
    if (response.status === 401) return "unauthorized";
    if (response.status === 403) return "forbidden";
    if (response.status === 404) return "not_found";
    if (response.status >= 200 && response.status < 300) {
      if (caller !== "otherLocation" || row.expect.otherLocation === "ok") return "ok";
      // Served for its own location: nothing of location A may appear in it.
      const leaked = [f.a, f.contact, f.instance, f.message, ...Object.values(a.instances)].filter((id) => text.includes(id));
      return leaked.length ? `leaked ${leaked.join(", ")}` : "own";
    }
    return `HTTP ${response.status} ${text.slice(0, 200)}`;
  }
});
