// A configuration change made through one process is used by the very next decision of every
// other process: no time-based staleness (SPEC §5).
import { expect, phone, test, whatsappPool } from "./fixtures";

test("a default set and then disconnected through A is used, then avoided, by B's next send", async ({ tenant }) => {
  const t = await tenant({ instances: whatsappPool(3, "630") });
  const target = t.instances["whatsapp#2"];
  const send = async (proc: number, i: number) => {
    const reply = await t.api.post(proc, "/messages", { channel: "whatsapp", phone: phone("631", i), body: `config ${i}` });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body;
  };
  // B decides once (and caches whatever it caches), with no default set.
  expect((await send(1, 1)).rule).toBe("any_available");

  const patched = await t.api.patch(0, `/instances/${target}`, { isDefault: true });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  const afterDefault = await send(1, 2);
  expect({ rule: afterDefault.rule, instance: afterDefault.instance.id }).toEqual({ rule: "default_instance", instance: target });

  const status = await t.api.post(0, `/instances/${target}/status`, { status: "disconnected", reason: "logged_out" });
  expect(status.status, JSON.stringify(status.body)).toBe(200);
  const afterDisconnect = await send(1, 3);
  expect(afterDisconnect.instance.id).not.toBe(target);
  expect(afterDisconnect.rule).toBe("any_available");
});
