"use client";

import { PlayIcon } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { unwrap } from "@/components/common/action-result";
import { ChannelSelect } from "@/components/common/channel-select";
import { FormField } from "@/components/common/form-field";
import { MemberSelect, NOBODY } from "@/components/common/member-select";
import { ContactPicker, type PickedContact } from "@/components/contacts/contact-picker";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import type { UserView } from "@/lib/users/list-users";
import { searchContactsAction } from "../contacts/read-actions";
import type { RoutingParams } from "./routing.schema";

type Props = { locationId: string; params: RoutingParams; contact: PickedContact | null; team: UserView[] };

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

  // A text area bound to one of the form's values.
  const textField = (id: string, label: string, value: string, set: (value: string) => void, props: React.ComponentProps<"textarea">) => (
    <FormField id={id} label={label}>
      {(control) => <Textarea {...control} value={value} onChange={(e) => set(e.target.value)} {...props} />}
    </FormField>
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>Message</CardTitle>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="grid gap-4" aria-label="Dry run">
          <FormField id="route-channel" label="Channel">
            {(control) => <ChannelSelect {...control} value={channel} onValueChange={setChannel} />}
          </FormField>
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
              {textField("route-tags", "Tags, one per line", tags, setTags, {
                rows: 3,
                placeholder: "wa: +1 555 245 5464\nVIP",
                className: "font-mono text-xs",
              })}
              <FormField id="route-assignee" label="Assigned user">
                {(control) => <MemberSelect {...control} className="w-full" team={team} value={assignee} onValueChange={setAssignee} />}
              </FormField>
            </TabsContent>
          </Tabs>
          {textField("route-body", "Message", body, setBody, {
            rows: 4,
            placeholder: "Hi! Your invoice is ready {{ WA#3 }}",
            required: true,
          })}
          <Button type="submit" disabled={!body.trim()}>
            <PlayIcon aria-hidden />
            Dry run
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
