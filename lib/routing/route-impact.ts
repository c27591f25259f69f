import "server-only";
// POST /route/impact (SPEC §3, §4): what a configuration change would do to recent traffic. The
// location's messages of the last `days` are replayed through the engine twice, in time order:
// with today's configuration (the baseline) and with the change applied to a copy of the same
// snapshot. Comparing with the baseline rather than with each message's stored decision counts the
// change's own effect only, not what drifted since (a number banned last week, a new tag).
//
// Decisions made where SPEC is silent:
// - Each message is replayed with its stored channel and requested body and its contact as stored
//   NOW (tags, assignment, conversation binding on that channel); a sender named with `from` is not
//   stored, so it is not replayed (as "Replay with today's configuration" does).
// - Rotation: both replays start from the stored rotation state and carry their own state forward
//   message by message, so round robin spreads the replayed messages as it would have; the stored
//   state is never advanced. Every decision is taken at `now` with today's live state (status,
//   health, today's sends, pacing): sends are not counted up during the replay, as a preview of a
//   change made today.
// - Time order is (createdAt, id): messages stored in the same millisecond replay in id order, as
//   their true order is not stored.
// - Nothing is written: no message, binding, counter or rotation state.
import type { ServiceContext } from "@/lib/audit/actor";
import { db } from "@/lib/db/client";
import { selectInstance } from "@/lib/engine/select";
import type { Channel, EngineContact, EngineErrorCode, InstanceRef, LocationSnapshot, RotationState } from "@/lib/engine/types";
import { AppError, invalidRequest } from "@/lib/errors";
import { loadEngineSnapshot } from "@/lib/routing/load-engine-input";
import type { RouteImpactInput } from "@/lib/routing/route-impact.schema";
import { applyWhatIf } from "@/lib/routing/what-if-dry-run";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Messages read per query (keyset on createdAt, id). */
const BATCH = 5000;

type Outcome = InstanceRef | { error: EngineErrorCode };
export type ImpactRow = { from: Outcome; to: Outcome; messages: number; contacts: number };
export type RouteImpact = { replayed: number; changed: ImpactRow[]; newErrors: Record<string, number> };
/**
 * The dashboard's impact preview: the same answer plus what its sentence and labels need and the
 * rows cannot give — how many distinct contacts changed (a contact can sit in several rows) and
 * each instance's channel ("WA#2").
 */
export type RouteImpactPreview = RouteImpact & { contacts: number; channels: Record<string, Channel> };
type ImpactOptions = { ctx: ServiceContext; input: RouteImpactInput; now?: number };

export async function routeImpact(options: ImpactOptions): Promise<RouteImpact> {
  const { contacts: _contacts, channels: _channels, ...impact } = await routeImpactPreview(options);
  return impact;
}

export async function routeImpactPreview(options: ImpactOptions): Promise<RouteImpactPreview> {
  const locationId = options.ctx.location.id;
  const now = options.now ?? Date.now();
  const { input } = options;
  const loaded = await loadEngineSnapshot(locationId, now);
  checkInstances(loaded.location, input.change);
  // Both are copies taken now: the cached snapshot's live fields are updated in place by other
  // requests while this one awaits its reads.
  const baseline = applyWhatIf(loaded.location, {});
  const changed = applyWhatIf(loaded.location, input.change);

  const since = new Date(now - input.days * DAY_MS);
  const until = new Date(now);
  const window = { locationId, createdAt: { gte: since, lte: until } };
  const contacts = await loadContacts({ locationId, messages: { some: window } });

  const rows = new Map<string, { from: Outcome; to: Outcome; messages: number; contacts: Set<string> }>();
  const newErrors: Record<string, number> = {};
  const changedContacts = new Set<string>();
  let rotationBase: RotationState = loaded.rotation;
  let rotationChange: RotationState = loaded.rotation;
  let replayed = 0;
  let cursor: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const batch: { id: string; channel: string; contactId: string; requestedBody: string; createdAt: Date }[] = await db.message.findMany({
      where: cursor
        ? { ...window, OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] }
        : window,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: BATCH,
      select: { id: true, channel: true, contactId: true, requestedBody: true, createdAt: true },
    });
    if (batch.length === 0) break;
    // A contact whose first message arrived after the contacts were read: one more read for those.
    const missing = [...new Set(batch.map((m) => m.contactId).filter((id) => !contacts.has(id)))];
    for (let k = 0; k < missing.length; k += 500) {
      for (const [id, c] of await loadContacts({ locationId, id: { in: missing.slice(k, k + 500) } })) contacts.set(id, c);
    }

    for (const message of batch) {
      const stored = contacts.get(message.contactId);
      if (!stored) continue; // deleted meanwhile (its messages go with it)
      const channel = message.channel as Channel;
      const contact = stored.forChannel(channel);
      const input = { channel, body: message.requestedBody, from: null, contact, rotation: rotationBase, location: baseline, now };
      const before = selectInstance(input);
      if (before.ok) rotationBase = before.nextRotation;
      const after = selectInstance({ ...input, location: changed, rotation: rotationChange });
      if (after.ok) rotationChange = after.nextRotation;
      replayed++;

      const from: Outcome = before.ok ? before.instance : { error: before.error.code };
      const to: Outcome = after.ok ? after.instance : { error: after.error.code };
      const key = `${outcomeKey(from)}>${outcomeKey(to)}`;
      if (outcomeKey(from) === outcomeKey(to)) continue;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { from, to, messages: 0, contacts: new Set() }));
      row.messages++;
      row.contacts.add(message.contactId);
      changedContacts.add(message.contactId);
      if (!after.ok && before.ok) newErrors[after.error.code] = (newErrors[after.error.code] ?? 0) + 1;
    }
    const last = batch[batch.length - 1];
    cursor = { createdAt: last.createdAt, id: last.id };
    if (batch.length < BATCH) break;
  }

  const changedRows = [...rows.entries()]
    .sort(([ka, a], [kb, b]) => b.messages - a.messages || (ka < kb ? -1 : 1))
    .map(([, row]) => ({ from: row.from, to: row.to, messages: row.messages, contacts: row.contacts.size }));
  const channels = Object.fromEntries(loaded.location.instances.map((i) => [i.id, i.channel]));
  return { replayed, changed: changedRows, newErrors, contacts: changedContacts.size, channels };
}

function outcomeKey(outcome: Outcome): string {
  return "error" in outcome ? `e:${outcome.error}` : `i:${outcome.id}`;
}

/**
 * The change names instances of this location only (SPEC §3: another location's id is a 404, as
 * if it did not exist); a default must be an instance of that channel.
 */
function checkInstances(location: LocationSnapshot, change: RouteImpactInput["change"]): void {
  const byId = new Map(location.instances.map((i) => [i.id, i]));
  (change.disconnected ?? []).forEach((id, k) => {
    if (!byId.has(id)) throw new AppError("not_found", "Instance not found.", { details: { field: `change.disconnected.${k}` } });
  });
  for (const [channel, id] of Object.entries(change.defaults ?? {})) {
    if (id === null || id === undefined) continue;
    const instance = byId.get(id);
    if (!instance) throw new AppError("not_found", "Instance not found.", { details: { field: `change.defaults.${channel}` } });
    if (instance.channel !== channel) {
      throw invalidRequest([{ path: `change.defaults.${channel}`, message: `This instance is not a ${channel} number.` }]);
    }
  }
}

type StoredContact = { forChannel: (channel: Channel) => EngineContact };
type ContactWhere = NonNullable<Parameters<typeof db.contact.findMany>[0]>["where"];

/**
 * Contacts as the engine sees them (load-engine-input's shape), with their bindings on every
 * channel. Flat reads filtered by the same condition (contacts, their tags, their bindings, the
 * assigned users' names): four queries whatever the number of contacts, and no id list long
 * enough to pass the database's parameter limit, as a relation include of thousands would.
 */
async function loadContacts(where: ContactWhere): Promise<Map<string, StoredContact>> {
  const [rows, tags, bindings] = await Promise.all([
    db.contact.findMany({ where, select: { id: true, phone: true, assignedUserId: true } }),
    db.contactTag.findMany({
      where: { contact: where },
      orderBy: [{ contactId: "asc" }, { position: "asc" }],
      select: { contactId: true, value: true },
    }),
    db.conversationBinding.findMany({ where: { contact: where }, select: { contactId: true, channel: true, instanceId: true, at: true } }),
  ]);
  const userIds = [...new Set(rows.map((r) => r.assignedUserId).filter((id) => id !== null))];
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const tagsOf = new Map<string, string[]>();
  for (const tag of tags) {
    const list = tagsOf.get(tag.contactId);
    if (list) list.push(tag.value);
    else tagsOf.set(tag.contactId, [tag.value]);
  }
  const bindingsOf = new Map<string, typeof bindings>();
  for (const binding of bindings) bindingsOf.set(binding.contactId, [...(bindingsOf.get(binding.contactId) ?? []), binding]);

  const out = new Map<string, StoredContact>();
  for (const row of rows) {
    const byChannel = new Map<string, EngineContact>();
    const forChannel = (channel: Channel): EngineContact => {
      let contact = byChannel.get(channel);
      if (!contact) {
        const binding = bindingsOf.get(row.id)?.find((b) => b.channel === channel);
        contact = {
          id: row.id,
          phone: row.phone,
          tags: tagsOf.get(row.id) ?? [],
          assignedUserId: row.assignedUserId,
          assignedUserName: row.assignedUserId ? (names.get(row.assignedUserId) ?? null) : null,
          binding: binding ? { instanceId: binding.instanceId, at: binding.at.getTime() } : null,
        };
        byChannel.set(channel, contact);
      }
      return contact;
    };
    out.set(row.id, { forChannel });
  }
  return out;
}
