import { describe, expect, it } from "vitest";
import { checkTransition, type StatusState } from "@/lib/instances/status-machine";

const s = (status: StatusState["status"], reason: StatusState["reason"] = null): StatusState => ({ status, reason });

describe("instance status machine", () => {
  const allowed: [StatusState, StatusState][] = [
    [s("qr_pending"), s("connecting")],
    [s("connecting"), s("connected")],
    [s("connected"), s("disconnected", "transient")],
    [s("connected"), s("disconnected", "logged_out")],
    [s("connected"), s("disconnected", "banned")],
    [s("disconnected", "transient"), s("connecting")],
    [s("disconnected", "logged_out"), s("qr_pending")],
    [s("qr_pending"), s("disconnected", "transient")],
    [s("connecting"), s("disconnected", "logged_out")],
    [s("disconnected", "transient"), s("disconnected", "logged_out")],
  ];
  it.each(allowed)("allows %j → %j", (from, to) => {
    expect(checkTransition(from, to, { admin: false })).toEqual({ ok: true, adminReset: false });
  });

  const refused: [StatusState, StatusState][] = [
    [s("qr_pending"), s("connected")],
    [s("connected"), s("qr_pending")],
    [s("connected"), s("connecting")],
    [s("disconnected", "logged_out"), s("connecting")],
    [s("disconnected", "transient"), s("qr_pending")],
    [s("disconnected", "transient"), s("connected")],
    [s("qr_pending"), s("disconnected", "banned")],
    [s("disconnected", "banned"), s("connecting")],
    [s("disconnected", "banned"), s("disconnected", "transient")],
    [s("disconnected", "banned"), s("disconnected", "logged_out")],
    [s("connected"), s("disconnected")],
  ];
  it.each(refused)("refuses %j → %j", (from, to) => {
    const result = checkTransition(from, to, { admin: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^Cannot change status from/);
  });

  it("lets only an admin reset a banned instance to qr_pending", () => {
    expect(checkTransition(s("disconnected", "banned"), s("qr_pending"), { admin: false }).ok).toBe(false);
    expect(checkTransition(s("disconnected", "banned"), s("qr_pending"), { admin: true })).toEqual({ ok: true, adminReset: true });
  });
});
