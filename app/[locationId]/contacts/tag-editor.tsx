"use client";

import { XIcon } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { checkTag, type NumberOption, numberTagOf, TAG_PREFIXES } from "./tag-check";

/** Ordered tags with add/remove; suggests "wa: +1…" for the location's numbers and flags bad number tags. */
export function TagEditor({
  id,
  tags,
  onChange,
  numbers,
  error,
}: {
  id: string;
  tags: string[];
  onChange: (tags: string[]) => void;
  numbers: NumberOption[];
  error?: string;
}) {
  const [draft, setDraft] = useState("");
  const check = draft.trim() ? checkTag(draft, numbers) : null;
  const suggestions = numbers
    .map(numberTagOf)
    .filter(
      (s) =>
        draft.trim().length > 0 &&
        s.toLowerCase().replace(/\s/g, "").startsWith(draft.toLowerCase().replace(/\s/g, "")) &&
        !tags.includes(s),
    )
    .slice(0, 6);
  const invalid = check?.kind === "invalid";

  function add(value: string) {
    const tag = value.trim();
    if (!tag || tags.includes(tag) || checkTag(tag, numbers).kind === "invalid") return;
    onChange([...tags, tag]);
    setDraft("");
  }

  return (
    <div className="grid gap-2">
      <ol className="flex flex-wrap gap-1.5" aria-label="Tags in order">
        {tags.length === 0 && <li className="text-sm text-muted-foreground">No tags.</li>}
        {tags.map((tag, i) => {
          const c = checkTag(tag, numbers);
          const variant = c.kind === "plain" ? "secondary" : c.kind === "invalid" ? "destructive" : c.instance ? "info" : "warning";
          return (
            <li key={`${tag}-${i}`}>
              <Badge variant={variant} className="gap-1 pr-0.5">
                {tag}
                <button
                  type="button"
                  aria-label={`Remove tag ${tag}`}
                  className="rounded p-0.5 hover:bg-foreground/10"
                  onClick={() => onChange(tags.filter((_, k) => k !== i))}
                >
                  <XIcon className="size-3" aria-hidden />
                </button>
              </Badge>
            </li>
          );
        })}
      </ol>
      <Input
        id={id}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add(draft);
          }
        }}
        placeholder="Add a tag, e.g. wa: +1 555 245 5464 — Enter to add"
        aria-invalid={invalid || !!error}
        aria-describedby={`${id}-hint`}
        list={`${id}-numbers`}
      />
      <datalist id={`${id}-numbers`}>
        {numbers.map((n) => (
          <option key={`${n.channel}${n.phone}`} value={numberTagOf(n)}>
            {n.label}
          </option>
        ))}
      </datalist>
      <p
        id={`${id}-hint`}
        role={invalid || error ? "alert" : undefined}
        className={invalid || error ? "text-[13px] text-destructive" : "text-xs text-muted-foreground"}
      >
        {error ??
          (invalid
            ? "Not a possible phone number: a number tag must hold a number (letters map to keypad digits)."
            : check?.kind === "number" && !check.instance
              ? "No instance of this channel has that number: routing would fail with 103."
              : check?.kind === "number"
                ? `Matches #${check.instance!.index} ${check.instance!.label}.`
                : `Number tags: ${TAG_PREFIXES} followed by a number. The first connected one wins.`)}
      </p>
      {suggestions.length > 0 && (
        <div role="group" className="flex flex-wrap gap-1" aria-label="Suggestions">
          {suggestions.map((s) => (
            <button key={s} type="button" className="rounded-md border px-2 py-0.5 text-xs hover:bg-accent" onClick={() => add(s)}>
              {s}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
