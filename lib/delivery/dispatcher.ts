import "server-only";
// The outbox dispatcher (SPEC §6), one per app process (instrumentation.ts): claims due outbox items
// (lib/db/outbox-store: leases; a crashed holder's items are taken over within seconds) and hands
// each to its instance's adapter (lib/gateways/adapters). What it does with the answer:
// - accepted → `sent` (the gateway's id kept), in batches;
// - not processed (refused connection, 5xx, 429) → again after exponential backoff with jitter
//   (or the gateway's Retry-After), until RETRY_WINDOW after the first attempt, then failed;
// - refused for good (other 4xx, an address the URL guard refuses) → failed at once;
// - unknown (sent, no answer) → never sent again blindly: the next turn asks the gateway
//   (adapter.lookup) and only a "not there" lets it send again; still unknown at the end of the
//   window → failed ("the gateway never confirmed it").
// A failure lowers the instance's health and emits message.failed (transport_failed) live and to
// the location's webhook (lib/delivery/message-status.ts). A message whose instance is not
// connected waits (it is retried within the window); a banned number fails it at once.
// Pacing: slots were given at decision time (lib/delivery/pacing.ts); before each send of a paced
// instance the dispatcher also takes the instance's send slot (last send + minimum interval), so
// messages held back by an outage or retries never leave in a burst.
import { type ClaimedItem, outboxStore, type SentRecord } from "@/lib/db/outbox-store";
import { changeMessageStatus } from "@/lib/delivery/message-status";
import type { MessageStatus } from "@/lib/domain";
import type { Channel } from "@/lib/engine/types";
import { env, publicUrl } from "@/lib/env";
import { eventRow } from "@/lib/events/append-event";
import { notifyEvents, onOutboxQueued } from "@/lib/events/notifier";
import { ADAPTERS } from "@/lib/gateways/adapters";
import { toConnection } from "@/lib/gateways/connection";
import type { Pacing } from "@/lib/gateways/gateway.schema";
import { gatewayHttpClient } from "@/lib/gateways/http-client";
import { effectivePacing } from "@/lib/gateways/pacing-columns";
import type { GatewayConnection, HttpClient, LookupOutcome, OutboundMessage, SendOutcome } from "@/lib/gateways/types";
import { processSingleton } from "@/lib/process-singleton";
import { currentProcessId } from "@/lib/processes/app-process";
import { claimPump } from "@/lib/processes/claim-pump";

// Long enough for the slowest send (BlueBubbles holds a request up to 2 minutes); a crashed holder
// is found by its stopped heartbeat within seconds, not by the lease running out.
const LEASE_MS = 5 * 60_000;
const MAX_IN_FLIGHT = 64;
const IDLE_TICK_MS = 1_000;
/** A process whose heartbeat is older than this is dead (lib/processes/app-process: beats every second). */
const DEAD_AFTER_MS = 5_000;
const SEND_TIMEOUT_MS = 10_000;
const SENT_BATCH_MS = 5;
/**
 * Added to a paced instance's interval, which counts from when the previous request finished
 * (finishSendSlot): the clocks of two processes may differ by a few ms.
 */
const PACING_MARGIN_MS = 50;

type Dispatcher = { pump: () => void; stop: () => void };

export function startDispatcher(): Dispatcher {
  return processSingleton("outbox-dispatcher", runDispatcher);
}

/** The retry window and backoff cap (OUTBOX_RETRY_WINDOW, OUTBOX_BACKOFF_MAX, seconds). */
function timing() {
  return { windowMs: env().OUTBOX_RETRY_WINDOW * 1000, backoffMaxMs: env().OUTBOX_BACKOFF_MAX * 1000 };
}

/** Exponential backoff with full jitter in its upper half: 1 s, 2 s, 4 s … capped. */
function backoffMs(attempts: number, capMs: number, random = Math.random()): number {
  const base = Math.min(capMs, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base / 2 + (random * base) / 2);
}

function runDispatcher(): Dispatcher {
  const store = outboxStore();
  const http: HttpClient = gatewayHttpClient();
  let inFlight = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let sentQueue: SentRecord[] = [];
  let flushScheduled = false;
  let flushing: Promise<void> = Promise.resolve();

  const flushSent = () => {
    flushScheduled = false;
    const records = sentQueue;
    sentQueue = [];
    if (!records.length) return;
    flushing = flushing
      .then(() => store.markSent(records))
      .then(() => {
        for (const locationId of new Set(records.map((r) => r.item.locationId))) notifyEvents(locationId);
      })
      .catch((error) => console.error("[outbox] recording sent messages failed:", error));
  };
  const queueSent = (record: SentRecord) => {
    sentQueue.push(record);
    if (!flushScheduled) {
      flushScheduled = true;
      setTimeout(flushSent, SENT_BATCH_MS);
    }
  };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(pump, Math.max(0, Math.min(delayMs, IDLE_TICK_MS)));
    timer.unref();
  };

  const claimRound = claimPump<ClaimedItem>({
    label: "outbox",
    free: () => MAX_IN_FLIGHT - inFlight,
    claim: async (free) => {
      const owner = await currentProcessId();
      const now = Date.now();
      return store.claim(new Date(now), new Date(now + LEASE_MS), owner, new Date(now - DEAD_AFTER_MS), free);
    },
    start: (item) => {
      inFlight++;
      attempt(item)
        .catch((error) => console.error("[outbox] attempt failed:", error))
        .finally(() => {
          inFlight--;
          pump();
        });
    },
    // Sleep until the next item falls due (at most a second), or a second after a failed claim.
    after: async (failed) => {
      const due = failed ? null : await store.nextDue();
      schedule(due === null ? IDLE_TICK_MS : due - Date.now());
    },
  });
  function pump(): void {
    if (!stopped) claimRound();
  }

  async function attempt(item: ClaimedItem): Promise<void> {
    const now = Date.now();
    const { windowMs, backoffMaxMs } = timing();
    const started = item.firstAttemptAt ?? now;
    const windowOver = now - started > windowMs;
    const fail = (detail: string) => finalFailure(item, detail);
    const later = (delayMs: number, lastError: string, options: { attempted: boolean; unknown?: boolean }) =>
      store.release({
        id: item.id,
        nextAttemptAt: new Date(Date.now() + delayMs),
        attempted: options.attempted,
        firstAttemptAt: options.attempted ? new Date(started) : null,
        unknownSince: options.unknown ? new Date(item.unknownSince ?? now) : null,
        lastError,
      });

    if (item.messageStatus !== "queued" && item.messageStatus !== "scheduled") {
      // A report (or another path) already moved the message on: nothing left to send.
      return store.close(item.id, item.messageStatus === "failed" ? "failed" : "done", null);
    }
    const connection = connectionOf(item);
    // A record-only instance's message waited for the send window only: released, it is sent.
    if (!connection && item.messageStatus === "scheduled") return record(item, null, "Released: the send window opened");
    if (!connection) return fail("The instance no longer has a gateway connection");
    if (item.instanceStatus === "disconnected" && item.instanceStatusReason === "banned") return fail("The number is banned");
    if (item.instanceStatus !== "connected") {
      const reason = `The instance is ${item.instanceStatus}${item.instanceStatusReason ? ` (${item.instanceStatusReason.replace("_", " ")})` : ""}`;
      if (windowOver) return fail(`${reason}: gave up after ${spoken(windowMs)}`);
      return later(backoffMs(item.attempts + 1, backoffMaxMs), reason, { attempted: false });
    }
    const adapter = ADAPTERS[connection.kind];
    const message: OutboundMessage = { messageId: item.messageId, channel: connection.channel, to: item.contactPhone, body: item.body };
    const context = { http, timeoutMs: SEND_TIMEOUT_MS };

    if (item.unknownSince !== null) {
      const found: LookupOutcome = await adapter.lookup(connection, message, item.providerMessageId, context);
      if (found.kind === "sent") return record(item, found.providerMessageId, `Found at the gateway: ${found.detail}`);
      if (found.kind === "failed") return fail(found.detail);
      if (found.kind === "unknown") {
        if (windowOver) return fail(`The gateway never confirmed whether it sent the message (${found.detail})`);
        return later(backoffMs(item.attempts + 1, backoffMaxMs), found.detail, { attempted: true, unknown: true });
      }
      // not_found: it never went out; sending again cannot duplicate it.
    }

    const pacing = pacingOf(item);
    const intervalMs = pacing.minIntervalSeconds ? pacing.minIntervalSeconds * 1000 + PACING_MARGIN_MS : 0;
    if (intervalMs > 0) {
      const slot = await store.takeSendSlot(item.instanceId, new Date(), intervalMs);
      const jitterMs = Math.round(Math.random() * (pacing.jitterSeconds ?? 0) * 1000);
      if (!slot.ok) return later(slot.freeAt - Date.now() + jitterMs, "Waiting for the number's pacing slot", { attempted: false });
    }
    const outcome: SendOutcome = await adapter.send(connection, message, context);
    if (intervalMs > 0) await store.finishSendSlot(item.instanceId, new Date());
    switch (outcome.kind) {
      case "accepted":
        return record(item, outcome.providerMessageId, outcome.detail);
      case "rejected":
        return fail(outcome.detail);
      case "retry": {
        if (Date.now() - started > windowMs) return fail(`${outcome.detail}: gave up after ${spoken(windowMs)}`);
        const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(item.attempts + 1, backoffMaxMs));
        return later(wait, outcome.detail, { attempted: true });
      }
      case "unknown":
        return later(backoffMs(item.attempts + 1, backoffMaxMs), outcome.detail, { attempted: true, unknown: true });
    }
  }

  async function record(item: ClaimedItem, providerMessageId: string | null, detail: string): Promise<void> {
    const at = new Date();
    const event = eventRow({
      type: "message.status_changed",
      data: {
        messageId: item.messageId,
        channel: item.channel as Channel,
        contactId: item.contactId,
        instanceId: item.instanceId,
        from: item.messageStatus as MessageStatus,
        to: "sent",
        detail,
        providerMessageId,
        at: at.toISOString(),
      },
    });
    queueSent({ item, providerMessageId, detail, at, event });
  }

  async function finalFailure(item: ClaimedItem, detail: string): Promise<void> {
    await changeMessageStatus({
      locationId: item.locationId,
      webhookUrl: item.webhookUrl,
      change: { messageId: item.messageId, to: "failed", failure: "transport_failed", detail },
      source: "dispatcher",
    });
    await store.close(item.id, "failed", detail);
  }

  const off = onOutboxQueued(pump);
  schedule(0);
  return {
    pump,
    stop: () => {
      stopped = true;
      off();
      if (timer) clearTimeout(timer);
      flushSent();
    },
  };
}

/** "15 minutes", "6 seconds". */
function spoken(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} seconds`;
}

function connectionOf(item: ClaimedItem): GatewayConnection | null {
  const base = publicUrl()?.origin ?? `http://localhost:${env().PORT}`;
  return toConnection(
    {
      id: item.instanceId,
      channel: item.channel,
      phone: item.instancePhone,
      gatewayKind: item.gatewayKind,
      gatewayUrl: item.gatewayUrl,
      gatewayConfig: item.gatewayConfig,
      gatewayCredentials: item.gatewayCredentials,
      inboundToken: item.inboundToken,
    },
    base,
    item.webhookSecret,
  );
}

/** The pacing in force for the item's instance: its own, else the location's (the one rule, lib/gateways/pacing-columns). */
function pacingOf(item: ClaimedItem): Pacing {
  const caps = { pacingHourlyLimit: null, pacingNewContactsPerDay: null }; // decided when the slot was given
  return effectivePacing(
    {
      pacingMinIntervalSeconds: item.pacingMinIntervalSeconds,
      pacingJitterSeconds: item.pacingJitterSeconds,
      ...caps,
      pacingOverride: Boolean(item.pacingOverride),
    },
    { pacingMinIntervalSeconds: item.locationMinIntervalSeconds, pacingJitterSeconds: item.locationJitterSeconds, ...caps },
  );
}
