import "server-only";
import { db } from "@/lib/db/client";
import { scanPatterns } from "@/lib/engine/syntax";
import { DAY_MS } from "@/lib/engine/time";
import { CHANNELS } from "@/lib/engine/types";

export type DoctorCheck = {
  id: string;
  code: string;
  title: string;
  ok: boolean;
  summary: string;
  items: { label: string; href: string; note?: string }[];
  total: number;
};

/** The Doctor's checks (SPEC §4): problems found before a message fails. Each query is indexed and capped. */
export async function runDoctor(locationId: string, now = Date.now()): Promise<DoctorCheck[]> {
  const instances = await db.instance.findMany({
    where: { locationId },
    select: { id: true, channel: true, index: true, label: true, phone: true, status: true, isDefault: true },
  });
  const byNumber = new Map(instances.filter((i) => i.phone).map((i) => [`${i.channel}|${i.phone}`, i]));
  const numberTags = await db.contactTag.findMany({
    where: { locationId, channel: { not: null }, phone: { not: null } },
    select: { value: true, channel: true, phone: true, contact: { select: { id: true, name: true, phone: true } } },
  });
  const missing = numberTags.filter((t) => !byNumber.has(`${t.channel}|${t.phone}`));
  const onDown = numberTags.filter(
    (t) => byNumber.get(`${t.channel}|${t.phone}`)?.status !== "connected" && byNumber.has(`${t.channel}|${t.phone}`),
  );
  const downIds = instances.filter((i) => i.status !== "connected").map((i) => i.id);
  const usersDown = await db.userInstance.findMany({
    where: { locationId, instanceId: { in: downIds } },
    select: {
      channel: true,
      user: { select: { id: true, name: true } },
      instance: { select: { id: true, index: true, label: true, status: true } },
    },
  });
  const channelRisks = CHANNELS.flatMap((channel) => {
    const rows = instances.filter((i) => i.channel === channel);
    if (rows.length === 0) return [];
    const out = [];
    if (!rows.some((i) => i.isDefault))
      out.push({ label: `${channel}: no default instance`, href: "instances", note: "Unassigned, untagged contacts depend on rotation." });
    if (!rows.some((i) => i.status === "connected"))
      out.push({ label: `${channel}: no connected instance`, href: "instances", note: "Every send on this channel fails with 106." });
    return out;
  });
  const recent = await db.message.findMany({
    where: { locationId, createdAt: { gte: new Date(now - 7 * DAY_MS) }, requestedBody: { contains: "#" } },
    select: { id: true, channel: true, requestedBody: true, createdAt: true },
    orderBy: { createdAt: "desc" },
    take: 2000,
  });
  const badOverrides = recent.flatMap((m) =>
    scanPatterns(m.requestedBody)
      .filter((p) => p.channel === m.channel && !instances.some((i) => i.channel === m.channel && i.index === p.index))
      .map((p) => ({ id: m.id, text: p.text })),
  );
  const contactLink = (c: { id: string; name: string; phone: string }) => ({
    label: `${c.name || c.phone}`,
    href: `contacts?q=${encodeURIComponent(c.phone)}`,
  });
  return [
    check(
      "tag-missing",
      "103",
      "Contacts tagged with a number no instance has",
      missing.map((t) => ({ ...contactLink(t.contact), note: t.value })),
    ),
    check(
      "tag-down",
      "104",
      "Contacts tagged with a disconnected instance's number",
      onDown.map((t) => ({ ...contactLink(t.contact), note: t.value })),
    ),
    check(
      "user-down",
      "105",
      "Users whose instance is not connected",
      usersDown.map((u) => ({
        label: u.user.name,
        href: `instances/${u.instance.id}`,
        note: `${u.channel} #${u.instance.index} ${u.instance.label} is ${u.instance.status}`,
      })),
    ),
    check("channel-risk", "106", "Channels with no default or no connected instance", channelRisks),
    check(
      "override-missing",
      "101",
      "Recent messages whose override points at a missing instance",
      dedupe(badOverrides).map((o) => ({ label: o.text, href: `messages/${o.id}`, note: "in the last 7 days" })),
    ),
  ];
}

function check(id: string, code: string, title: string, items: DoctorCheck["items"]): DoctorCheck {
  return {
    id,
    code,
    title,
    ok: items.length === 0,
    total: items.length,
    items: items.slice(0, 25),
    summary: items.length ? `${items.length} found` : "Nothing found",
  };
}

function dedupe<T extends { text: string }>(rows: T[]) {
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (seen.has(r.text)) return false;
    seen.add(r.text);
    return true;
  });
}
