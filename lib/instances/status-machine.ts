// The instance status machine (SPEC §1), pure so it is tested alone:
//   qr_pending → connecting → connected → disconnected(reason)
//   disconnected/transient → connecting        (the gateway reconnects by itself)
//   disconnected/logged_out → qr_pending       (a rescan is needed)
//   disconnected/banned → qr_pending           (admins only: out of rotation for good otherwise)
//   any state → disconnected/transient | disconnected/logged_out, except a banned instance
//   (letting a ban "drop" to transient would let it reconnect around the admin reset).
// A report of the state the instance is already in is not a transition: it changes nothing.
import type { InstanceStatus, StatusReason } from "@/lib/engine/types";

export type StatusState = { status: InstanceStatus; reason: StatusReason | null };

export type TransitionCheck = { ok: true; adminReset: boolean } | { ok: false; message: string };

export function checkTransition(from: StatusState, to: StatusState, options: { admin: boolean }): TransitionCheck {
  const name = (s: StatusState) => (s.reason ? `${s.status}/${s.reason}` : s.status);
  const refuse = (why: string): TransitionCheck => ({
    ok: false,
    message: `Cannot change status from ${name(from)} to ${name(to)}: ${why}`,
  });
  const banned = from.status === "disconnected" && from.reason === "banned";

  if (to.status === "disconnected") {
    if (to.reason === null) return refuse("a disconnection needs a reason (transient, logged_out or banned).");
    if (banned) return refuse("the instance is banned; only an admin can reset it to qr_pending.");
    if (to.reason === "banned" && from.status !== "connected") return refuse("only a connected instance can be banned.");
    return { ok: true, adminReset: false };
  }
  if (to.reason !== null) return refuse("only a disconnection has a reason.");
  switch (to.status) {
    case "connecting":
      if (from.status === "qr_pending") return { ok: true, adminReset: false };
      if (from.status === "disconnected" && from.reason === "transient") return { ok: true, adminReset: false };
      return refuse("connecting follows qr_pending or a transient disconnection.");
    case "connected":
      if (from.status === "connecting") return { ok: true, adminReset: false };
      return refuse("connected follows connecting.");
    case "qr_pending":
      if (from.status === "disconnected" && from.reason === "logged_out") return { ok: true, adminReset: false };
      if (banned) return options.admin ? { ok: true, adminReset: true } : refuse("only an admin can reset a banned instance.");
      return refuse("qr_pending follows a logged-out disconnection (a rescan), or an admin's reset of a banned instance.");
  }
}

export function sameState(a: StatusState, b: StatusState): boolean {
  return a.status === b.status && (a.reason ?? null) === (b.reason ?? null);
}
