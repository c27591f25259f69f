"use client";

import { PlayIcon } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { unwrap } from "@/components/common/action-result";
import { channelLabel } from "@/components/common/format";
import { ContactPicker, type PickedContact } from "@/components/contacts/contact-picker";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { CHANNELS } from "@/lib/engine/types";
import type { UserView } from "@/lib/users/list-users";
import { searchContactsAction } from "../contacts/read-actions";
import type { RoutingParams } from "./routing.schema";

type Props = { locationId: string; params: RoutingParams; contact: PickedContact | null; team: UserView[] };
const NOBODY = "none";

export function RoutingForm({ locationId, params, contact: initialContact, team }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [channel, setChannel] = useState<string>(params.channel);
  const [mode, setMode] = useState(params.contactId || !params.tags ? "contact" : "adhoc");
  const [contact, setContact] = useState<PickedContact | null>(initialContact);
  const [tags, setTags] = useState(params.tags ?? "");
  const [assignee, setAssignee] = useState(params.assignee ?? NOBODY);
  const [body, setBody] = useState(params.body ?? "");
  const searchContacts = async (q: string) => unwrap(await searchContactsAction({ locationId, q, limit: 8 })).data;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams({ channel });
    if (mode === "contact" && contact) next.set("contactId", contact.id);
    if (mode === "adhoc") {
      if (tags.trim()) next.set("tags", tags.trim());
      if (assignee !== NOBODY) next.set("assignee", assignee);
    }
    next.set("body", body);
    if (params.down && channel === params.channel) next.set("down", params.down);
    if (params.def && channel === params.channel) next.set("def", params.def);
    router.push(`${pathname}?${next}`, { scroll: false });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Message</CardTitle>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="grid gap-4" aria-label="Dry run">
          <div className="grid gap-2">
            <Label htmlFor="route-channel">Channel</Label>
            <Select value={channel} onValueChange={setChannel}>
              <SelectTrigger id="route-channel" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {CHANNELS.map((c) => (
                  <SelectItem key={c} value={c}>
                    {channelLabel(c)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <Tabs value={mode} onValueChange={setMode}>
            <TabsList className="w-full">
              <TabsTrigger value="contact">Contact</TabsTrigger>
              <TabsTrigger value="adhoc">Ad-hoc tags / assignment</TabsTrigger>
            </TabsList>
            <TabsContent value="contact" className="grid gap-2 pt-2">
              <Label htmlFor="route-contact">Contact</Label>
              <ContactPicker id="route-contact" locationId={locationId} search={searchContacts} value={contact} onChange={setContact} />
              <p className="text-xs text-muted-foreground">Leave empty for a contact with no tags and no assignment.</p>
            </TabsContent>
            <TabsContent value="adhoc" className="grid gap-3 pt-2">
              <div className="grid gap-2">
                <Label htmlFor="route-tags">Tags, one per line</Label>
                <Textarea
                  id="route-tags"
                  rows={3}
                  value={tags}
                  onChange={(e) => setTags(e.target.value)}
                  placeholder={"wa: +1 555 245 5464\nVIP"}
                  className="font-mono text-xs"
                />
              </div>
              <div className="grid gap-2">
                <Label htmlFor="route-assignee">Assigned user</Label>
                <Select value={assignee} onValueChange={setAssignee}>
                  <SelectTrigger id="route-assignee" className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value={NOBODY}>Nobody</SelectItem>
                    {team.map((u) => (
                      <SelectItem key={u.id} value={u.id}>
                        {u.name}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              </div>
            </TabsContent>
          </Tabs>
          <div className="grid gap-2">
            <Label htmlFor="route-body">Message</Label>
            <Textarea
              id="route-body"
              rows={4}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              placeholder="Hi! Your invoice is ready {{ WA#3 }}"
              required
            />
          </div>
          <Button type="submit" disabled={!body.trim()}>
            <PlayIcon aria-hidden />
            Dry run
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
